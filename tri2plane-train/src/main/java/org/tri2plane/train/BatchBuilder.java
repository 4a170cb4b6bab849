package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.FaceMesh;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.Resample;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.util.Scalars;

/**
 * Turns a {@link StepPlan} into model inputs and ground truth. The sliding window at offset
 * (dx, dy) is the subject camera with its principal point moved to the window's corner (Sec. 3.3);
 * ground truth and mask are cut from the same window of the same frame (for an SR output k = 2 times
 * the window, its target is the same window cut at k times the size and offset from the hi-res
 * ground truth of {@link FrameData#srRgb}); the condition image gets
 * Gaussian noise of the config's σ (training only).
 */
final class BatchBuilder {

    private final Tri2PlaneConfig config;
    private final SubjectDataset data;
    private final SlidingWindow window;
    /** Mixed into a sample's seed for the draw of the mean code, a stream of its own. */
    private static final long MEAN_GAMMA_STREAM = 0x6d65616e47616d6dL;
    /** Mixed into the run's seed for the draw of the region patch. */
    private static final long REGION_PATCH_STREAM = 0x7265674970617463L;

    public BatchBuilder(Tri2PlaneConfig config, SubjectDataset data) {
        this.config = config;
        this.data = data;
        this.window = new SlidingWindow(config.frame().frameSize(), config.frame().windowSize());
    }

    public SlidingWindow window() {
        return window;
    }

    /** Whether training draws a random window offset per sample (the config's training.slidingWindow). */
    public boolean slidingWindow() {
        return config.training().slidingWindow();
    }

    /**
     * {@code plan}, or with probability training.regionPatchProbability (drawn from (seed, step) on
     * a stream of its own, so a resumed run draws the same) the plan whose Φ512 tile and Φ256
     * quadrant are the ones holding the first sample's mouth in its window: the finest patch, the
     * only part of the window rendered at full resolution with gradient, then lands where
     * expressions show.
     */
    public StepPlan regionLayout(StepPlan plan, long seed) {
        double p = config.training().regionPatchProbability();
        if (p <= 0 || new SplittableRandom(StepPlan.mix(seed ^ REGION_PATCH_STREAM, plan.step())).nextDouble() >= p) {
            return plan;
        }
        double[] mouth = data.mouthCentre(plan.frames().get(0).index());
        int[] off = plan.offsets().get(0);
        int w = config.frame().windowSize();
        int tx = clamp((int) Math.floor((mouth[0] - window.origin(off[0])) / (w / 4.0)), 3);
        int ty = clamp((int) Math.floor((mouth[1] - window.origin(off[1])) / (w / 4.0)), 3);
        return plan.withLayout(new PatchLayout(w, (ty / 2) * 2 + tx / 2, ty * 4 + tx));
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Model inputs for a training step (γ looked up with gradient when {@code training}). */
    public FrameBatch inputs(Tri2PlaneModel model, ParameterStore ps, NDManager m, StepPlan plan, boolean training) {
        int b = plan.frames().size();
        int s = config.condition().size();
        int k = config.latents().expressionDim();
        float[] cond = new float[b * 6 * s * s];
        float[] beta = new float[b * k];
        long[] rows = new long[b];
        List<Camera> cams = new ArrayList<>();
        List<Pose> poses = new ArrayList<>();
        double sigma = training ? config.condition().noiseStd() : 0;
        long[] seeds = new long[b];
        for (int i = 0; i < b; i++) {
            seeds[i] = plan.sampleSeed(i);
            Random noise = new Random(seeds[i]);
            FrameData d = data.frame(plan.frames().get(i));
            for (int j = 0; j < 6 * s * s; j++) {
                cond[i * 6 * s * s + j] = (float) (d.condition()[j] + sigma * noise.nextGaussian());
            }
            for (int j = 0; j < k; j++) {
                beta[i * k + j] = (float) d.beta()[j];
            }
            rows[i] = d.row();
            int[] off = plan.offsets().get(i);
            cams.add(window.camera(data.camera(), off[0], off[1]));
            poses.add(d.pose());
        }
        NDArray gamma = model.gamma(ps, m.create(rows), training);
        if (training) {
            gamma = meanGammaSome(model, m, gamma, seeds);
        }
        List<FaceMesh> faces = null;
        if (config.geometry().usesFace()) {
            faces = new ArrayList<>(b);
            for (FrameParams p : plan.frames()) {
                faces.add(data.face(p));
            }
        }
        NDArray warp = null;
        if (data.expressionWarp() != null) {
            List<double[]> betas = new ArrayList<>(b);
            for (FrameParams p : plan.frames()) {
                betas.add(p.betaArray());
            }
            warp = data.expressionWarp().fields(m, betas);
        }
        return new FrameBatch(Scalars.constant(m, cond, new Shape(b, 6, s, s)), Scalars.constant(m, beta, new Shape(b, k)), gamma,
                cams, poses, seeds, data.conditionFraming(), faces, warp);
    }

    /**
     * {@code gamma} [B, gammaDim] with the rows of the samples drawn for it (probability
     * training.meanGammaProbability, from each sample's seed) replaced by the mean code γ̄ without
     * gradient; unchanged when the probability is 0.
     */
    private NDArray meanGammaSome(Tri2PlaneModel model, NDManager m, NDArray gamma, long[] seeds) {
        double p = config.training().meanGammaProbability();
        if (p <= 0) {
            return gamma;
        }
        float[] use = new float[seeds.length];
        boolean any = false;
        for (int i = 0; i < seeds.length; i++) {
            use[i] = new Random(seeds[i] ^ MEAN_GAMMA_STREAM).nextDouble() < p ? 1f : 0f;
            any |= use[i] > 0;
        }
        if (!any) {
            return gamma;
        }
        NDArray mean = model.latents().meanGamma();
        mean.attach(m);
        NDArray fixed = mean.stopGradient().reshape(1, -1);
        NDArray pick = Scalars.constant(m, use, new Shape(seeds.length, 1));
        return gamma.mul(Scalars.rsub(1, pick)).add(fixed.mul(pick));
    }

    /** Ground truth for the step's windows and patch layout. */
    public StepTargets targets(NDManager m, StepPlan plan) {
        int b = plan.frames().size();
        int f = config.frame().frameSize();
        int w = config.frame().windowSize();
        int out = config.superResolution().outputResolution();
        int k = out / w;
        int fk = f * k;
        float[] rgb = new float[b * 3 * w * w];
        float[] mask = new float[b * w * w];
        float[] sr = out == w ? null : new float[b * 3 * out * out];
        double rw = config.loss().regionWeight();
        float[] weight = rw > 1 ? new float[b * w * w] : null;
        float[] srWeight = rw > 1 ? new float[b * out * out] : null;
        for (int i = 0; i < b; i++) {
            FrameData d = data.frame(plan.frames().get(i));
            int[] off = plan.offsets().get(i);
            int x0 = window.origin(off[0]);
            int y0 = window.origin(off[1]);
            for (int y = 0; y < w; y++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(d.rgb(), c * f * f + (y0 + y) * f + x0, rgb, ((i * 3 + c) * w + y) * w, w);
                }
                System.arraycopy(d.mask(), (y0 + y) * f + x0, mask, (i * w + y) * w, w);
            }
            if (weight != null) {
                cutWeights(d.region(), rw, f, w, out, x0, y0, i, weight, srWeight);
            }
            if (sr != null) {
                if (d.srRgb() == null) {
                    throw new IllegalStateException("frame " + d.index() + " has no SR ground truth: the dataset was opened"
                            + " for another config than " + config.name());
                }
                // the same window in the k·F ground truth: k·W pixels from k·(x0, y0); k x k blocks per frame pixel
                for (int y = 0; y < out; y++) {
                    for (int c = 0; c < 3; c++) {
                        System.arraycopy(d.srRgb(), c * fk * fk + (k * y0 + y) * fk + k * x0, sr, ((i * 3 + c) * out + y) * out, out);
                    }
                }
            }
        }
        NDArray win = Scalars.constant(m, rgb, new Shape(b, 3, w, w));
        NDArray winMask = Scalars.constant(m, mask, new Shape(b, 1, w, w));
        NDArray winWeight = weight == null ? null : Scalars.constant(m, weight, new Shape(b, 1, w, w));
        NDArray[] rgbs = new NDArray[3];
        NDArray[] masks = new NDArray[3];
        NDArray[] weights = weight == null ? null : new NDArray[3];
        for (int s = 0; s < 3; s++) {
            PixelWindow p = plan.layout().scale(s);
            String crop = ":, :, " + p.y0() + ":" + (p.y0() + p.height()) + ", " + p.x0() + ":" + (p.x0() + p.width());
            rgbs[s] = Resample.boxDownsample(win.get(crop), p.stride());
            masks[s] = Resample.boxDownsample(winMask.get(crop), p.stride());
            if (weights != null) {
                weights[s] = Resample.boxDownsample(winWeight.get(crop), p.stride());
            }
        }
        NDArray srTarget = sr == null ? win : Scalars.constant(m, sr, new Shape(b, 3, out, out));
        NDArray srWeights = srWeight == null ? null : Scalars.constant(m, srWeight, new Shape(b, 1, out, out));
        return new StepTargets(rgbs, masks, srTarget, weights, srWeights);
    }

    /**
     * Sample {@code i}'s L1 weights, 1 + (rw − 1)·region, of the window at (x0, y0) of a frame of
     * side f: {@code weight} at the window's W², {@code srWeight} at the SR output's side (k x k
     * blocks per frame pixel).
     */
    private static void cutWeights(float[] region, double rw, int f, int w, int out, int x0, int y0, int i, float[] weight,
            float[] srWeight) {
        int k = out / w;
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                weight[(i * w + y) * w + x] = (float) (1 + (rw - 1) * region[(y0 + y) * f + x0 + x]);
            }
        }
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                srWeight[(i * out + y) * out + x] = weight[(i * w + y / k) * w + x / k];
            }
        }
    }

    /** The centred window of a frame's ground truth [1, 3, W, W]. */
    public NDArray centredTruth(NDManager m, FrameData d) {
        int f = config.frame().frameSize();
        int w = config.frame().windowSize();
        int o = window.origin(0);
        float[] rgb = new float[3 * w * w];
        for (int y = 0; y < w; y++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(d.rgb(), c * f * f + (o + y) * f + o, rgb, (c * w + y) * w, w);
            }
        }
        return m.create(rgb, new Shape(1, 3, w, w));
    }
}
