package org.tri2plane.tracking.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;

class SubjectFitterTest {

    private static final Camera CAM = new Camera(2208, 2208, 368, 368, 736, 736);

    /** Face-mesh-like observations of a synthetic talking head: pixels plus depth in pixel units. */
    static List<double[]> sequence(PcaMorphableModel truth, List<Pose> poses, List<double[]> betas, Random rnd, double noise) {
        PoseEstimator proj = new PoseEstimator(CAM, 2, 1);
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < poses.size(); t++) {
            double[] shape = truth.shape(betas.get(t));
            double[] uv = proj.project(shape, poses.get(t));
            double zc = poses.get(t).translation()[2];
            double[] p = new double[shape.length];
            for (int i = 0; i < shape.length / 3; i++) {
                double z = poses.get(t).toCamera(new double[] {shape[3 * i], shape[3 * i + 1], shape[3 * i + 2]})[2];
                p[3 * i] = uv[2 * i] + noise * rnd.nextGaussian();
                p[3 * i + 1] = uv[2 * i + 1] + noise * rnd.nextGaussian();
                p[3 * i + 2] = (z - zc) * CAM.fx() / zc;
            }
            out.add(p);
        }
        return out;
    }

    @Test
    void heldOutFramesAreFittedWithTheTrainingModel() {
        double[] neutral = SyntheticFaces.neutral();
        PcaMorphableModel truth = SyntheticFaces.model(neutral);
        Random rnd = new Random(4);
        int n = 80;
        List<Pose> poses = new ArrayList<>();
        List<double[]> betas = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            poses.add(FitTest.pose(0.3 * Math.sin(t / 9.0), 0.1 * Math.cos(t / 13.0), 0.05 * Math.sin(t / 7.0),
                    0.05 * Math.sin(t / 11.0), 0.02, 7 + 0.2 * Math.cos(t / 17.0)));
            double[] b = new double[4];
            for (int k = 0; k < 4; k++) {
                b[k] = truth.coefficientStd(k) * Math.sin(t / (3.0 + k) + k);
            }
            betas.add(b);
        }
        List<double[]> obs = sequence(truth, poses, betas, rnd, 0.3);
        int[] idx = new int[n];
        boolean[] train = new boolean[n];
        for (int t = 0; t < n; t++) {
            idx[t] = 2 * t;
            train[t] = t < 64;
        }
        SubjectFitter fitter = new SubjectFitter(CAM, neutral, 6, 2.0, 1e-3, 30, 1.0);
        SubjectFitter.Result r = fitter.fit(obs, idx, train, i -> { });
        assertEquals(6, r.model().expressionCount());
        double worstHeldOut = 0;
        double worstAngle = 0;
        for (int t = 64; t < n; t++) {
            worstHeldOut = Math.max(worstHeldOut, r.fits().get(t).meanError());
        }
        // head rotation relative to the first frame (the model's own frame is only defined up to
        // the mean expression's alignment, so absolute rotations may differ by a constant)
        double[] fit0T = Rotation.transpose(r.fits().get(0).pose().rotation());
        double[] true0T = Rotation.transpose(poses.get(0).rotation());
        for (int t = 0; t < n; t++) {
            double[] fitRel = Rotation.mul(r.fits().get(t).pose().rotation(), fit0T);
            double[] trueRel = Rotation.mul(poses.get(t).rotation(), true0T);
            worstAngle = Math.max(worstAngle, Math.toDegrees(FitTest.angleBetween(fitRel, trueRel)));
        }
        // landmark noise is 0.3 px per coordinate (mean distance ≈ 0.38 px): the fit explains the rest
        assertTrue(worstHeldOut < 1.0, "worst held-out mean reprojection error " + worstHeldOut + " px");
        assertTrue(worstAngle < 0.6, "worst relative rotation error " + worstAngle + "°");
    }

    @Test
    void smoothingRemovesJitterWithoutLag() {
        List<Pose> poses = new ArrayList<>();
        int[] idx = new int[41];
        Random rnd = new Random(5);
        for (int t = 0; t <= 40; t++) {
            idx[t] = t;
            double yaw = 0.01 * t + 0.01 * rnd.nextGaussian(); // a steady turn with jitter
            poses.add(FitTest.pose(yaw, 0, 0, 0, 0, 7));
        }
        List<Pose> s = PoseSmoother.smooth(poses, idx, 1.5);
        double rawErr = 0;
        double smoothErr = 0;
        for (int t = 5; t <= 35; t++) {
            Pose ideal = FitTest.pose(0.01 * t, 0, 0, 0, 0, 7);
            rawErr += FitTest.angleBetween(poses.get(t).rotation(), ideal.rotation());
            smoothErr += FitTest.angleBetween(s.get(t).rotation(), ideal.rotation());
        }
        assertTrue(smoothErr < 0.6 * rawErr, "smoothing should reduce jitter: " + smoothErr + " vs " + rawErr);
        // a linear motion is reproduced without lag: the middle frame of a clean ramp is unchanged
        List<Pose> ramp = new ArrayList<>();
        for (int t = 0; t <= 40; t++) {
            ramp.add(FitTest.pose(0.02 * t, 0, 0, 0.01 * t, 0, 7));
        }
        Pose mid = PoseSmoother.smooth(ramp, idx, 2).get(20);
        assertTrue(FitTest.angleBetween(mid.rotation(), ramp.get(20).rotation()) < 1e-6);
        assertEquals(0.2, mid.translation()[0], 1e-9);
    }
}
