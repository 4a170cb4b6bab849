package org.tri2plane.tracking.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;

/**
 * Builds a subject's morphable model and fits every frame (docs/conventions.md, "Tracking without
 * a licensed 3DMM"). The face mesh's 3-D landmarks of each frame are aligned to the canonical face by
 * generalised Procrustes (similarity); S̄ is the mean aligned training shape and B the top-K
 * principal components of the aligned training shapes. Every frame (held-out frames too, with the
 * model of the training frames) is then fitted: pose and β jointly against the 2-D landmarks, the
 * poses smoothed without lag, and β refitted for the smoothed pose.
 */
public final class SubjectFitter {

    /** Everything fitted: the model, per-frame fits (in input order) and the aligned shapes. */
    public record Result(PcaMorphableModel model, List<FrameFitter.Fit> fits) {}

    private final Camera camera;
    private final double[] canonical;
    private final int expressionDim;
    private final double huberPx;
    private final double shapePrior;
    private final int iterations;
    private final double smoothingSigma;

    public SubjectFitter(Camera camera, double[] canonical, int expressionDim, double huberPx, double shapePrior,
            int iterations, double smoothingSigma) {
        this.camera = camera;
        this.canonical = canonical;
        this.expressionDim = expressionDim;
        this.huberPx = huberPx;
        this.shapePrior = shapePrior;
        this.iterations = iterations;
        this.smoothingSigma = smoothingSigma;
    }

    /**
     * Fits frames with 3-D landmarks {@code points} (pixels x, y and depth in pixel units, per
     * frame), source {@code indices} (increasing) and the training flag of each.
     */
    public Result fit(List<double[]> points, int[] indices, boolean[] train, IntConsumer progress) {
        int n = points.size();
        // Undo perspective before averaging shapes: the landmarks of a near face are enlarged where
        // the face is near. First with depths from the mesh's own z, then with the fitted depths.
        List<double[]> metric = new ArrayList<>(n);
        for (double[] p : points) {
            metric.add(backProject(p, camera, Similarity.fit(canonical, p, null, true).scale()));
        }
        Result result = null;
        int rounds = 2;
        for (int round = 0; round < rounds; round++) {
            PcaMorphableModel model = buildModel(metric, train);
            result = fitFrames(model, points, indices, result, round == rounds - 1 ? progress : i -> { });
            if (round == 0) {
                metric = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    metric.add(backProjectWithPose(points.get(i), model, result.fits().get(i)));
                }
            }
        }
        return result;
    }

    /**
     * Generalised Procrustes of the metric shapes, then PCA of the training shapes. Shapes are
     * aligned on their most rigid landmarks (the third that moves least once aligned on all), so
     * that a jaw opening is not partly explained as a head rotation.
     */
    private PcaMorphableModel buildModel(List<double[]> metric, boolean[] train) {
        int n = metric.size();
        int v = canonical.length / 3;
        double[] weights = null;
        double[] mean = canonical.clone();
        for (int pass = 0; pass < 2; pass++) {
            mean = procrustesMean(metric, train, weights);
            // per-landmark spread of the aligned training shapes
            double[] spread = new double[v];
            for (int i = 0; i < n; i++) {
                if (!train[i]) {
                    continue;
                }
                double[] a = Similarity.fit(metric.get(i), mean, weights, true).applyAll(metric.get(i));
                for (int k = 0; k < v; k++) {
                    for (int c = 0; c < 3; c++) {
                        double d = a[3 * k + c] - mean[3 * k + c];
                        spread[k] += d * d;
                    }
                }
            }
            double[] sorted = spread.clone();
            java.util.Arrays.sort(sorted);
            double cut = sorted[v / 3];
            weights = new double[v];
            for (int k = 0; k < v; k++) {
                weights[k] = spread[k] <= cut ? 1 : 0;
            }
        }
        mean = procrustesMean(metric, train, weights);
        List<double[]> trainShapes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (train[i]) {
                trainShapes.add(Similarity.fit(metric.get(i), mean, weights, true).applyAll(metric.get(i)));
            }
        }
        return PcaMorphableModel.of(Pca.fit(trainShapes.toArray(new double[0][]), expressionDim, 17));
    }

    /** Mean of the training shapes after iterated similarity alignment, kept in the canonical frame. */
    private double[] procrustesMean(List<double[]> metric, boolean[] train, double[] weights) {
        double[] mean = canonical.clone();
        for (int round = 0; round < 5; round++) {
            double[] sum = new double[mean.length];
            int count = 0;
            for (int i = 0; i < metric.size(); i++) {
                if (!train[i]) {
                    continue;
                }
                double[] a = Similarity.fit(metric.get(i), mean, weights, true).applyAll(metric.get(i));
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += a[j];
                }
                count++;
            }
            if (count < 2) {
                throw new IllegalArgumentException("need at least 2 training frames to build the morphable model, got " + count);
            }
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= count;
            }
            mean = Similarity.fit(sum, canonical, weights, true).applyAll(sum);
        }
        return mean;
    }

    private Result fitFrames(PcaMorphableModel model, List<double[]> points, int[] indices, Result previousRound,
            IntConsumer progress) {
        int n = points.size();
        PoseEstimator poses = new PoseEstimator(camera, huberPx, iterations);
        FrameFitter fitter = new FrameFitter(poses, new ShapeFitter(camera, shapePrior, 10), iterations);
        List<FrameFitter.Fit> fits = new ArrayList<>(n);
        Pose previous = null;
        for (int i = 0; i < n; i++) {
            double[] uv = pixels(points.get(i));
            Pose init;
            if (previousRound != null) {
                init = previousRound.fits().get(i).pose();
            } else if (previous != null && indices[i] - indices[i - 1] <= 2) {
                init = previous;
            } else {
                init = poses.initial(model.meanShape(), points.get(i));
            }
            FrameFitter.Fit f = fitter.fit(model, uv, init, null);
            fits.add(f);
            previous = f.pose();
            progress.accept(i + 1);
        }
        if (smoothingSigma > 0) {
            List<Pose> raw = new ArrayList<>();
            for (FrameFitter.Fit f : fits) {
                raw.add(f.pose());
            }
            List<Pose> smooth = PoseSmoother.smooth(raw, indices, smoothingSigma);
            ShapeFitter shapes = new ShapeFitter(camera, shapePrior, 10);
            for (int i = 0; i < n; i++) {
                double[] uv = pixels(points.get(i));
                double[] beta = shapes.fit(model, uv, smooth.get(i), fits.get(i).beta());
                fits.set(i, fitter.withErrors(model, uv, smooth.get(i), beta));
            }
        }
        return new Result(model, fits);
    }

    /** Camera-space landmarks: each pixel's ray at the depth the fitted model gives that landmark. */
    private double[] backProjectWithPose(double[] points3d, MorphableModel model, FrameFitter.Fit fit) {
        double[] shape = model.shape(fit.beta());
        double[] out = new double[points3d.length];
        for (int i = 0; i < points3d.length / 3; i++) {
            double z = fit.pose().toCamera(new double[] {shape[3 * i], shape[3 * i + 1], shape[3 * i + 2]})[2];
            out[3 * i] = (points3d[3 * i] - camera.cx()) * z / camera.fx();
            out[3 * i + 1] = (points3d[3 * i + 1] - camera.cy()) * z / camera.fy();
            out[3 * i + 2] = z;
        }
        return out;
    }

    /**
     * Camera-space points from face-mesh landmarks (pixels x, y; depth in pixel units relative to
     * the head): with {@code scale} pixels per canonical unit at the head's depth Z₀ = f / scale,
     * each landmark lies at depth z = Z₀ + depth / scale on its pixel's ray.
     */
    public static double[] backProject(double[] points3d, Camera camera, double scale) {
        double f = (camera.fx() + camera.fy()) / 2;
        double z0 = f / scale;
        double[] out = new double[points3d.length];
        for (int i = 0; i < points3d.length / 3; i++) {
            double z = z0 + points3d[3 * i + 2] / scale;
            out[3 * i] = (points3d[3 * i] - camera.cx()) * z / camera.fx();
            out[3 * i + 1] = (points3d[3 * i + 1] - camera.cy()) * z / camera.fy();
            out[3 * i + 2] = z;
        }
        return out;
    }

    /** The x, y of 3-D landmarks. */
    public static double[] pixels(double[] points3d) {
        double[] uv = new double[points3d.length / 3 * 2];
        for (int i = 0; i < points3d.length / 3; i++) {
            uv[2 * i] = points3d[3 * i];
            uv[2 * i + 1] = points3d[3 * i + 1];
        }
        return uv;
    }
}
