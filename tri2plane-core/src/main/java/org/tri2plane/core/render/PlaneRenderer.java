package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.tri2plane.core.config.RenderingConfig;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.RayBundle;
import org.tri2plane.core.geometry.RaySelection;
import org.tri2plane.core.nn.SharedNerfMlp;
import org.tri2plane.core.util.Scalars;
import org.tri2plane.core.util.StageClock;

/**
 * Renders rays through one tri-plane scale, in the pipeline order ray bundle → stratified samples
 * (moved by the table's expression warp, when it has one) → tri-plane features → shared MLP →
 * volume rendering, and reshapes the result to an image.
 */
public final class PlaneRenderer {

    private final float[] boxMin;
    private final float[] boxScale;
    private final float[] background;
    private final StratifiedSampler sampler;
    private final TriPlaneSampler triPlane = new TriPlaneSampler();
    private final VolumeRenderer volume = new VolumeRenderer();
    private final SharedNerfMlp mlp;
    private StageClock clock = StageClock.OFF;

    public PlaneRenderer(RenderingConfig config, SharedNerfMlp mlp) {
        this.mlp = mlp;
        this.sampler = new StratifiedSampler(config.samplesPerRay());
        boxMin = new float[3];
        boxScale = new float[3];
        background = new float[3];
        for (int i = 0; i < 3; i++) {
            boxMin[i] = (float) config.boxMin().get(i);
            boxScale[i] = (float) (2 / (config.boxMax().get(i) - config.boxMin().get(i)));
            background[i] = (float) config.background().get(i);
        }
    }

    /** Charges ray sampling, the MLP and compositing of later renders to {@code clock}. */
    public void timeStages(StageClock clock) {
        this.clock = clock;
    }

    /** Lays out tri-planes [B, 3, C, R, R] once for several renders. */
    public TriPlaneSampler.PlaneTable table(NDArray planes) {
        return triPlane.table(planes);
    }

    /** Lays out a front-view field [B, C, R, R] as the XY plane of a tri-plane (the expression warp). */
    public TriPlaneSampler.PlaneTable frontTable(NDArray xy) {
        return triPlane.frontTable(xy);
    }

    /**
     * Renders {@code rays} with a tri-plane table. {@code stratified} jitters the samples inside
     * their bins (training); otherwise samples sit at bin centres. Intermediate arrays are closed
     * before returning (autograd keeps what the backward pass needs), so a render costs its peak
     * only while it runs. Rays that carry the tracked face ({@link RayBundle#surface()}) also
     * return their samples' weights.
     */
    public RenderedImage render(
            ParameterStore ps, TriPlaneSampler.PlaneTable planes, RayBundle rays, boolean training, boolean stratified) {
        return render(ps, planes, rays, training, stratified, null, 0);
    }

    /** As {@link #render(ParameterStore, TriPlaneSampler.PlaneTable, RayBundle, boolean, boolean)} with per-sample jitter seeds. */
    public RenderedImage render(ParameterStore ps, TriPlaneSampler.PlaneTable planes, RayBundle rays, boolean training,
            boolean stratified, long[] seeds, long key) {
        return render(ps, planes, rays, training, stratified, seeds, new long[] {key});
    }

    /**
     * Renders rays made of {@code keys.length} equal groups per batch element (windows stacked by
     * {@link org.tri2plane.core.geometry.RayGenerator#generate(NDManager, java.util.List,
     * java.util.List, java.util.List)}), each group jittered as if rendered alone with its key.
     */
    public RenderedImage render(ParameterStore ps, TriPlaneSampler.PlaneTable planes, RayBundle rays, boolean training,
            boolean stratified, long[] seeds, long[] keys) {
        try (NDScope scope = new NDScope()) {
            RenderedImage out = renderInScope(ps, planes, rays, training, stratified, seeds, keys, null);
            NDScope.unregister(out.features(), out.mask(), out.depth());
            if (out.rays() != null) {
                NDScope.unregister(out.rays().weights(), out.rays().t(), out.rays().delta());
            }
            return out;
        }
    }

    /**
     * Renders the rays of {@code windows} (keyed by {@code keys}) that {@code selection} keeps,
     * traced as the bundle {@code rays} of {@link org.tri2plane.core.geometry.RayGenerator#generate(NDManager,
     * java.util.List, java.util.List, java.util.List, RaySelection)}, and returns the image of the
     * stacked windows a full render gives: a kept ray has the value (and jitter) it has there, a ray
     * left out that of an empty ray (the background colour, other features 0, mask 0, depth 0).
     */
    public RenderedImage renderSelected(ParameterStore ps, TriPlaneSampler.PlaneTable planes, RayBundle rays,
            List<PixelWindow> windows, RaySelection selection, boolean training, boolean stratified, long[] seeds,
            long[] keys) {
        try (NDScope scope = new NDScope()) {
            RenderedImage traced = renderInScope(ps, planes, rays, training, stratified, seeds, keys, selection);
            NDManager manager = rays.origins().getManager();
            long b = rays.batchSize();
            long n = rays.rayCount();
            long f = traced.features().getShape().get(1);
            // one table row per traced ray, [features, mask, depth], after a first row for the empty ray
            NDArray perRay = traced.features().concat(traced.mask(), 1).concat(traced.depth(), 1)
                    .reshape(b, f + 2, n).transpose(0, 2, 1).reshape(b * n, f + 2);
            float[] empty = new float[(int) f + 2];
            System.arraycopy(background, 0, empty, 0, Math.min(3, (int) f));
            NDArray table = Scalars.constant(manager, empty, new Shape(1, f + 2)).concat(perRay, 0);
            int full = windows.size() * selection.windowRays();
            long[] index = new long[(int) b * full];
            for (int i = 0; i < b; i++) {
                int at = 0;
                for (int g = 0; g < windows.size(); g++) {
                    for (int ray : selection.kept()[i][g]) {
                        index[i * full + g * selection.windowRays() + ray] = 1 + i * n + at++;
                    }
                }
            }
            NDArray rows = manager.create(index);
            NDArray gathered = rows.getNDArrayInternal().embedding(rows, table, SparseFormat.DENSE).singletonOrThrow()
                    .reshape(b, full, f + 2)
                    .transpose(0, 2, 1)
                    .reshape(b, f + 2, windows.size() * windows.get(0).rows(), windows.get(0).columns());
            RenderedImage out = new RenderedImage(gathered.get(":, 0:" + f), gathered.get(":, " + f + ":" + (f + 1)),
                    gathered.get(":, " + (f + 1) + ":"));
            NDScope.unregister(out.features(), out.mask(), out.depth());
            return out;
        }
    }

    private RenderedImage renderInScope(ParameterStore ps, TriPlaneSampler.PlaneTable planes, RayBundle rays,
            boolean training, boolean stratified, long[] seeds, long[] keys, RaySelection selection) {
        NDManager manager = rays.origins().getManager();
        long b = rays.batchSize();
        long n = rays.rayCount();
        RaySamples samples = sampler.sample(rays.near(), rays.far(), stratified, seeds, keys, selection);
        long s = sampler.samplesPerRay();
        NDArray points = rays.directions().expandDims(2).mul(samples.t()).add(rays.origins().expandDims(2));
        NDArray normalised = Scalars.sub(points.sub(Scalars.constant(manager, boxMin, new Shape(3)))
                .mul(Scalars.constant(manager, boxScale, new Shape(3))), 1);
        NDArray observed = normalised.reshape(b, n * s, 3);
        NDArray features = triPlane.sampleWarped(planes, observed);
        long c = features.getShape().get(2);
        clock.mark("sampling");
        NDList mlpInput = new NDList(features.reshape(b * n * s, c));
        if (mlp.usesViewDirections()) {
            mlpInput.add(rays.directions().expandDims(2).broadcast(b, n, s, 3).reshape(b * n * s, 3));
        }
        NDList field = mlp.forward(ps, mlpInput, training);
        clock.mark("mlp");
        NDArray sigma = field.get(0).reshape(b, n, s, 1);
        NDArray feats = field.get(1);
        long f = feats.getShape().get(1);
        Composite out = volume.composite(sigma, feats.reshape(b, n, s, f), samples);
        // RGB (the first three features) over the background colour: rgb + (1 − mask)·bg
        NDArray rgb = out.features().get(":, :, 0:3")
                .add(Scalars.rsub(1, out.mask()).mul(Scalars.constant(manager, background, new Shape(3))));
        NDArray composited = f > 3 ? rgb.concat(out.features().get(":, :, 3:"), 2) : rgb;
        RayWeights weights = rays.surface() == null ? null
                : new RayWeights(out.weights().squeeze(3), samples.t().squeeze(3), samples.delta(), rays.surface(), rays.origins(),
                        rays.directions());
        RenderedImage image = new RenderedImage(
                toImage(composited, rays), toImage(out.mask(), rays), toImage(out.depth(), rays), weights);
        clock.mark("compositing");
        return image;
    }

    /** [B, N, K] per-ray values → [B, K, rows, cols]. */
    private static NDArray toImage(NDArray perRay, RayBundle rays) {
        long b = perRay.getShape().get(0);
        long k = perRay.getShape().get(2);
        return perRay.transpose(0, 2, 1).reshape(b, k, rays.rows(), rays.columns());
    }

    public int samplesPerRay() {
        return sampler.samplesPerRay();
    }
}
