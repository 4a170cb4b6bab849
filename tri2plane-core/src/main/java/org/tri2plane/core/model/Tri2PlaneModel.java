package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Box;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.FaceMesh;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.RayGenerator;
import org.tri2plane.core.geometry.RaySelection;
import org.tri2plane.core.nn.AlignedCondition;
import org.tri2plane.core.nn.CanonicalPlanes;
import org.tri2plane.core.nn.ConditionEncoder;
import org.tri2plane.core.nn.FrameLatents;
import org.tri2plane.core.nn.MappingNetwork;
import org.tri2plane.core.nn.SharedNerfMlp;
import org.tri2plane.core.nn.SuperResolution;
import org.tri2plane.core.nn.Tri2Block;
import org.tri2plane.core.nn.TriPlaneGenerator;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.PlaneRenderer;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.render.TriPlaneSampler.PlaneTable;
import org.tri2plane.core.util.NoGrad;
import org.tri2plane.core.util.Scalars;
import org.tri2plane.core.util.StageClock;

/**
 * The whole Tri²-plane avatar (Fig. 2): condition encoder, mapping network, tri-plane generator,
 * shared NeRF MLP, super-resolution U-Net and the per-frame codes γ_t, and with
 * {@code encoder.alignedChannels} the aligned conditioning of {@link AlignedCondition}. As a DJL
 * block its forward maps [I_t, β_t, frame rows (, framing)] to the three tri-planes; the rendering
 * passes are typed methods.
 */
public final class Tri2PlaneModel extends Tri2Block {

    private final Tri2PlaneConfig config;
    private final ConditionEncoder encoder;
    private final MappingNetwork mapping;
    private final TriPlaneGenerator generator;
    private final CanonicalPlanes canonical;
    private final SharedNerfMlp mlp;
    private final SuperResolution superResolution;
    private final FrameLatents latents;
    private final AlignedCondition aligned;
    private final RayGenerator rays;
    private final PlaneRenderer renderer;
    private StageClock clock = StageClock.OFF;

    /** A model for {@code trainingFrames} frames (rows of the γ table). */
    public Tri2PlaneModel(Tri2PlaneConfig config, int trainingFrames) {
        this.config = config;
        encoder = addChildBlock("encoder", new ConditionEncoder(config.condition(), config.encoder()));
        int mappingIn = config.encoder().embeddingDim()
                + config.latents().expressionDim()
                + config.latents().gammaDim();
        mapping = addChildBlock("mapping", new MappingNetwork(mappingIn, config.mapping()));
        generator = addChildBlock("generator", new TriPlaneGenerator(config.mapping().styleDim(), config.generator()));
        canonical = config.generator().canonicalPlanes()
                ? addChildBlock("canonical", new CanonicalPlanes(config.generator().planeChannels(),
                        config.generator().planeResolutions()))
                : null;
        mlp = addChildBlock("mlp", new SharedNerfMlp(config.generator().planeChannels(), config.field()));
        superResolution = addChildBlock(
                "sr",
                new SuperResolution(config.field().featureChannels(), config.frame().windowSize(), config.superResolution()));
        latents = addChildBlock("latents", new FrameLatents(trainingFrames, config.latents().gammaDim()));
        Box box = new Box(config.rendering().boxMin(), config.rendering().boxMax());
        // added last: the other blocks keep their names and their initial values
        aligned = config.encoder().alignedChannels() > 0
                ? addChildBlock("aligned", new AlignedCondition(config.condition().channels(), config.encoder().alignedChannels(),
                        config.generator().planeChannels(), config.generator().planeResolutions(), box))
                : null;
        rays = new RayGenerator(box, config.rendering().near(), config.rendering().far());
        renderer = new PlaneRenderer(config.rendering(), mlp);
    }

    /**
     * Charges the stages of later forward passes (generator, sampling, mlp, compositing, sr) to
     * {@code clock}; {@link StageClock#OFF} (the default) stops timing.
     */
    public void timeStages(StageClock clock) {
        this.clock = clock;
        renderer.timeStages(clock);
    }

    public Tri2PlaneConfig config() {
        return config;
    }

    /** Rows of the γ table. */
    public int trainingFrames() {
        return latents.frameCount();
    }

    /** γ_t for training-frame rows [B] (int64) → [B, gammaDim]. */
    public NDArray gamma(ParameterStore ps, NDArray rows, boolean training) {
        return latents.apply(ps, training, rows);
    }

    /** Style w: the mapping MLP over [embedding of I_t, β_t, γ_t]; the first two zero without encoder.globalCondition. */
    public NDArray style(ParameterStore ps, NDArray condition, NDArray beta, NDArray gamma, boolean training) {
        boolean global = config.encoder().globalCondition();
        NDArray embedding = encoder.apply(ps, training, condition);
        NDList parts = new NDList(global ? embedding : Scalars.mul(embedding, 0));
        if (config.latents().expressionDim() > 0) {
            parts.add(global ? beta : Scalars.mul(beta, 0));
        }
        if (config.latents().gammaDim() > 0) {
            parts.add(gamma);
        }
        return mapping.forward(ps, parts, training).singletonOrThrow();
    }

    /**
     * The three tri-planes Φ_0, Φ_1, Φ_2 for a batch; with aligned conditioning, the condition
     * image's features are added to their XY planes (the batch must carry the condition framing);
     * with rendering.expressionWarp they follow as three more entries [B, C, R_k, R_k], read where a
     * point is in the frame (I_t shows the frame's face), not where the warp takes it ({@link #table(NDList, int, FrameBatch)}).
     */
    public NDList planes(ParameterStore ps, FrameBatch batch, boolean training) {
        NDList planes = generate(ps, style(ps, batch.condition(), batch.beta(), batch.gamma(), training), training);
        if (aligned == null) {
            return planes;
        }
        if (batch.conditionFraming() == null) {
            throw new IllegalArgumentException("config '" + config.name() + "' has aligned conditioning (encoder.alignedChannels > 0):"
                    + " the batch must carry the subject's condition framing");
        }
        return AlignedCondition.join(planes, aligned.place(ps, batch.condition(), batch.conditionFraming(), training),
                config.rendering().expressionWarp() > 0);
    }

    /** The generator's tri-planes for styles w, with the canonical planes when the config has them. */
    private NDList generate(ParameterStore ps, NDArray w, boolean training) {
        NDList in = new NDList(w);
        if (canonical != null) {
            in.addAll(canonical.forward(ps, new NDList(), training));
        }
        return generator.forward(ps, in, training);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray gamma = gamma(ps, inputs.get(2), training);
        NDList planes = generate(ps, style(ps, inputs.get(0), inputs.get(1), gamma, training), training);
        if (aligned == null) {
            return planes;
        }
        if (inputs.size() < 4) {
            throw new IllegalArgumentException("with aligned conditioning the inputs are [I_t, β_t, frame rows, framing [4]]");
        }
        return AlignedCondition.join(planes, aligned.forward(ps, new NDList(inputs.get(0), inputs.get(3)), training),
                config.rendering().expressionWarp() > 0);
    }

    /** Φ_k [B, 3, C, R_k, R_k]; when the config warps with aligned conditioning, then the features [B, C, R_k, R_k] ({@link #planes}). */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] planes = generator.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), config.mapping().styleDim())});
        return aligned == null ? planes : AlignedCondition.joinedShapes(planes, config.rendering().expressionWarp() > 0);
    }

    /** Renders a pixel window of each frame's window camera with tri-plane {@code planes} [B, 3, C, R, R]. */
    public RenderedImage render(
            ParameterStore ps,
            NDArray planes,
            List<Camera> cameras,
            List<Pose> poses,
            PixelWindow window,
            boolean training,
            boolean stratified) {
        return render(ps, renderer.table(planes), cameras, poses, window, training, stratified);
    }

    /** Renders with a tri-plane already laid out by {@link #table(NDArray)}. */
    public RenderedImage render(
            ParameterStore ps,
            PlaneTable planes,
            List<Camera> cameras,
            List<Pose> poses,
            PixelWindow window,
            boolean training,
            boolean stratified) {
        return render(ps, planes, cameras, poses, window, training, stratified, null);
    }

    /** Renders with per-frame jitter seeds (null: the engine's generator), keyed by the window. */
    public RenderedImage render(ParameterStore ps, PlaneTable planes, List<Camera> cameras, List<Pose> poses,
            PixelWindow window, boolean training, boolean stratified, long[] seeds) {
        return render(ps, planes, cameras, poses, List.of(window), training, stratified, seeds, null).get(0);
    }

    /**
     * Renders several windows with equal ray grids in one pass, each jittered exactly as if
     * rendered alone; returns one image per window, in order. With {@code faces} (one window only)
     * the image carries its samples' weights against each frame's tracked face (training's geometry terms).
     */
    public List<RenderedImage> render(ParameterStore ps, PlaneTable planes, List<Camera> cameras, List<Pose> poses,
            List<PixelWindow> windows, boolean training, boolean stratified, long[] seeds, List<FaceMesh> faces) {
        if (faces != null && windows.size() != 1) {
            throw new IllegalArgumentException("the tracked face is cast for one window at a time, got " + windows.size());
        }
        return render(ps, planes, cameras, poses, windows, training, stratified, seeds, faces, null);
    }

    /**
     * As {@link #render(ParameterStore, PlaneTable, List, List, List, boolean, boolean, long[], List)};
     * with a {@code selection} (no faces) only its kept rays are traced, the others take an empty
     * ray's value ({@link PlaneRenderer#renderSelected}).
     */
    List<RenderedImage> render(ParameterStore ps, PlaneTable planes, List<Camera> cameras, List<Pose> poses,
            List<PixelWindow> windows, boolean training, boolean stratified, long[] seeds, List<FaceMesh> faces,
            RaySelection selection) {
        long[] keys = windows.stream().mapToLong(Tri2PlaneModel::key).toArray();
        NDManager manager = planes.rows().getManager();
        RenderedImage all = selection == null
                ? renderer.render(ps, planes, rays.generate(manager, cameras, poses, windows, faces), training, stratified,
                        seeds, keys)
                : renderer.renderSelected(ps, planes, rays.generate(manager, cameras, poses, windows, selection), windows,
                        selection, training, stratified, seeds, keys);
        int k = windows.size();
        if (k == 1) {
            return List.of(all);
        }
        NDList features = all.features().split(k, 2);
        NDList masks = all.mask().split(k, 2);
        NDList depths = all.depth().split(k, 2);
        List<RenderedImage> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(new RenderedImage(features.get(i), masks.get(i), depths.get(i)));
        }
        return out;
    }

    /** The jitter key of a window (mixed with a frame's seed). */
    private static long key(PixelWindow window) {
        return ((((window.x0() * 31L + window.y0()) * 31 + window.width()) * 31 + window.height()) * 31) + window.stride();
    }

    /** Lays out tri-planes [B, 3, C, R, R] once for several renders. */
    public PlaneTable table(NDArray planes) {
        return renderer.table(planes);
    }

    /**
     * Lays out tri-plane {@code index} of {@link #planes}' result for {@code batch} once for several
     * renders, with the batch's expression warp and the aligned features when the config warps.
     */
    public PlaneTable table(NDList planes, int index, FrameBatch batch) {
        PlaneTable table = renderer.table(planes.get(index));
        if (config.rendering().expressionWarp() <= 0) {
            return table;
        }
        if (batch.warp() == null) {
            throw new IllegalArgumentException("config '" + config.name() + "' warps sample points by the tracked expression"
                    + " (rendering.expressionWarp > 0): the batch must carry each frame's warp (the subject's morphable model)");
        }
        return table.withWarp(renderer.frontTable(batch.warp()),
                planes.size() > 3 ? renderer.frontTable(planes.get(3 + index)) : null);
    }

    /**
     * One training forward pass (Sec. 3.2-3.4): planes, the three scale renders of {@code layout},
     * the SR input (the 16 tiles, or the superResolution.trainingTiles² of {@link
     * PatchLayout#srTiles(int)}) whose tile {@code layout.tile()} is the Φ512 render with gradient and
     * whose other tiles are rendered without gradient, and the SR image of that input.
     */
    public TrainingForward trainingForward(ParameterStore ps, FrameBatch batch, PatchLayout layout, boolean stratified) {
        int w = config.frame().windowSize();
        if (layout.windowSize() != w) {
            throw new IllegalArgumentException("layout window " + layout.windowSize() + " != config window " + w);
        }
        batch.checkWindowCameras(w);
        NDList planes = planes(ps, batch, true);
        clock.mark("generator");
        List<RenderedImage> scales = new ArrayList<>(3);
        PlaneTable finest = null;
        int finestPlane = -1;
        for (int s = 0; s < 3; s++) {
            int plane = config.generator().planeOfScale(s);
            if (plane != finestPlane) { // scales that share a tri-plane (usedPlanes < 3) share its layout
                finest = table(planes, plane, batch);
                finestPlane = plane;
            }
            scales.add(render(ps, finest, batch.cameras(), batch.poses(), List.of(layout.scale(s)), true, stratified,
                    batch.sampleSeeds(), batch.faces()).get(0));
        }
        int k = config.superResolution().trainingTiles();
        NDArray srInput = SrInput.render(this, ps, finest, batch, layout, k, layout.tile(), scales.get(2).features(),
                stratified, scales.get(0).mask());
        NDArray sr = superResolution.apply(ps, true, srInput);
        clock.mark("sr");
        return new TrainingForward(planes, scales, srInput, sr, layout, layout.srWindow(k), finest);
    }

    /**
     * The [B, F, W, W] SR input ({@link SrInput}): the 16 tiles of the finest tri-plane at stride 1,
     * tile {@code activeTile} being {@code activeFeatures} (-1 and null: render all); with
     * rendering.emptyOpacity and the window's Φ128 opacity {@code coarseMask}, rays in empty space untraced.
     */
    public NDArray srInput(ParameterStore ps, PlaneTable finest, FrameBatch batch, PatchLayout layout, int activeTile,
            NDArray activeFeatures, boolean stratified, NDArray coarseMask) {
        return SrInput.render(this, ps, finest, batch, layout, SrInput.TILES, activeTile, activeFeatures, stratified,
                coarseMask);
    }

    /** Super-resolves a [B, F, W, W] feature image to RGB [B, 3, out, out]. */
    public NDArray superResolve(ParameterStore ps, NDArray srInput, boolean training) {
        return superResolution.apply(ps, training, srInput);
    }

    /**
     * Inference render of whole windows: planes, all 16 tiles at stride 1 with bin-centre samples
     * (with rendering.emptyOpacity, after the Φ128 render of the window that finds empty space), and
     * the SR image [B, 3, out, out]. Runs without gradient recording.
     */
    public NDArray renderImage(ParameterStore ps, FrameBatch batch) {
        try (NoGrad g = NoGrad.enter()) {
            return renderImage(ps, batch, planes(ps, batch, false));
        }
    }

    /** {@link #renderImage(ParameterStore, FrameBatch)} from the tri-planes {@link #planes} made for the batch's code. */
    public NDArray renderImage(ParameterStore ps, FrameBatch batch, NDList planes) {
        try (NoGrad g = NoGrad.enter()) {
            PatchLayout layout = new PatchLayout(config.frame().windowSize(), 0, 0);
            NDArray coarseMask = null;
            if (config.rendering().emptyOpacity() > 0) {
                coarseMask = render(ps, table(planes, config.generator().planeOfScale(0), batch), batch.cameras(), batch.poses(),
                        List.of(layout.coarse()), false, false, null, null).get(0).mask();
            }
            NDArray srInput = srInput(ps, table(planes, config.generator().planeOfScale(2), batch), batch, layout, -1, null,
                    false, coarseMask);
            return superResolution.apply(ps, false, srInput);
        }
    }

    /** All parameters keyed by their unique path names, in save order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : getParameters()) {
            out.put(p.getKey(), p.getValue());
        }
        return out;
    }

    /** The generator block (for tests and summaries). */
    public TriPlaneGenerator generator() {
        return generator;
    }

    /** The shared NeRF MLP. */
    public SharedNerfMlp mlp() {
        return mlp;
    }

    /** The super-resolution U-Net. */
    public SuperResolution superResolution() {
        return superResolution;
    }

    /** The condition encoder. */
    public ConditionEncoder encoder() {
        return encoder;
    }

    /** Whether the condition image also reaches the XY planes directly ({@link AlignedCondition}). */
    public boolean alignedConditioning() {
        return aligned != null;
    }

    /** The γ table. */
    public FrameLatents latents() {
        return latents;
    }

    /** Ray generation for this model's box and near/far. */
    public RayGenerator rayGenerator() {
        return rays;
    }
}
