package org.tri2plane.tracking.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Linalg;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;

class FitTest {

    private static final Camera CAM = new Camera(2208, 2208, 368, 368, 736, 736);

    static double angleBetween(double[] r1, double[] r2) {
        double[] d = Rotation.mul(r1, Rotation.transpose(r2));
        double[] w = Rotation.log(d);
        return Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    }

    static Pose pose(double yaw, double pitch, double roll, double tx, double ty, double tz) {
        double[] r = Rotation.mul(Rotation.exp(new double[] {0, 0, roll}),
                Rotation.mul(Rotation.exp(new double[] {pitch, 0, 0}), Rotation.exp(new double[] {0, yaw, 0})));
        return new Pose(r, new double[] {tx, ty, tz});
    }

    @Test
    void rotationVectorRoundTrip() {
        for (double[] w : new double[][] {{0.1, -0.2, 0.3}, {0, 0, 1e-12}, {2.5, 1.0, -0.4}, {0, Math.PI - 1e-8, 0}}) {
            double[] back = Rotation.log(Rotation.exp(w));
            assertEquals(0, angleBetween(Rotation.exp(w), Rotation.exp(back)), 1e-6);
        }
    }

    @Test
    void symmetricEigenOfAKnownMatrix() {
        // [[2,1],[1,2]]: eigenvalues 3 and 1 with vectors (1,1)/√2 and (1,−1)/√2
        double[] vec = new double[4];
        double[] val = Linalg.symmetricEigen(new double[] {2, 1, 1, 2}, 2, vec);
        assertArrayEquals(new double[] {3, 1}, val, 1e-12);
        assertEquals(Math.abs(vec[0]), Math.abs(vec[2]), 1e-12);
    }

    @Test
    void similarityIsRecoveredExactly() {
        Random rnd = new Random(1);
        double[] a = new double[3 * 50];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        Pose p = pose(0.7, -0.3, 0.2, 1, 2, 3);
        double s = 2.5;
        double[] b = new double[a.length];
        for (int i = 0; i < 50; i++) {
            double[] x = p.toCamera(new double[] {a[3 * i] * s, a[3 * i + 1] * s, a[3 * i + 2] * s});
            System.arraycopy(x, 0, b, 3 * i, 3);
        }
        Similarity sim = Similarity.fit(a, b, null, true);
        assertEquals(s, sim.scale(), 1e-9);
        assertArrayEquals(p.rotation(), sim.rotation(), 1e-9);
        assertArrayEquals(p.translation(), sim.translation(), 1e-9);
    }

    @Test
    void pcaFindsKnownDirections() {
        Random rnd = new Random(2);
        int d = 60;
        double[][] dirs = new double[3][d];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < d; j++) {
                dirs[k][j] = rnd.nextGaussian();
            }
        }
        double[][] samples = new double[500][d];
        double[] sd = {5, 2, 1};
        for (double[] s : samples) {
            for (int k = 0; k < 3; k++) {
                double c = rnd.nextGaussian() * sd[k];
                for (int j = 0; j < d; j++) {
                    s[j] += c * dirs[k][j];
                }
            }
            for (int j = 0; j < d; j++) {
                s[j] += 0.01 * rnd.nextGaussian() + 3;
            }
        }
        Pca pca = Pca.fit(samples, 3, 7);
        assertEquals(3, pca.components().length);
        assertEquals(3, pca.mean()[0], 0.5);
        // the top-3 subspace contains each generating direction
        for (double[] dir : dirs) {
            double norm = Math.sqrt(SyntheticFaces.dot(dir, dir));
            double inSpan = 0;
            for (double[] c : pca.components()) {
                double p = SyntheticFaces.dot(dir, c) / norm;
                inSpan += p * p;
            }
            assertEquals(1, inSpan, 1e-3);
        }
        assertTrue(pca.variances()[0] > pca.variances()[1] && pca.variances()[1] > pca.variances()[2]);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(a == b ? 1 : 0, SyntheticFaces.dot(pca.components()[a], pca.components()[b]), 1e-9);
            }
        }
    }

    @Test
    void poseAndExpressionOfASyntheticFaceAreRecovered() {
        // Ground truth: canonical mesh + 4 known expression modes, posed and projected at 736².
        double[] neutral = SyntheticFaces.neutral();
        PcaMorphableModel model = SyntheticFaces.model(neutral);
        Random rnd = new Random(3);
        PoseEstimator poses = new PoseEstimator(CAM, 2.0, 50);
        FrameFitter fitter = new FrameFitter(poses, new ShapeFitter(CAM, 1e-3, 10), 50);
        for (int trial = 0; trial < 5; trial++) {
            double[] beta = new double[4];
            for (int k = 0; k < 4; k++) {
                beta[k] = rnd.nextGaussian() * model.coefficientStd(k);
            }
            Pose truth = pose(rnd.nextDouble(-0.5, 0.5), rnd.nextDouble(-0.3, 0.3), rnd.nextDouble(-0.2, 0.2),
                    rnd.nextDouble(-0.3, 0.3), rnd.nextDouble(-0.3, 0.3), rnd.nextDouble(6, 9));
            double[] uv = poses.project(model.shape(beta), truth);
            for (int i = 0; i < uv.length; i++) {
                uv[i] += 0.3 * rnd.nextGaussian(); // landmark noise
            }
            for (int i = 0; i < 20; i++) {
                int j = rnd.nextInt(uv.length);
                uv[j] += 40; // gross outliers
            }
            // start from the neutral shape and a pose 10° and 5 % off
            Pose start = new Pose(Rotation.mul(Rotation.exp(new double[] {0.1, -0.1, 0.05}), truth.rotation()),
                    new double[] {truth.translation()[0] * 1.05, truth.translation()[1] * 0.95, truth.translation()[2] * 1.05});
            FrameFitter.Fit fit = fitter.fit(model, uv, start, null);
            double angle = Math.toDegrees(angleBetween(fit.pose().rotation(), truth.rotation()));
            assertTrue(angle < 0.2, "rotation error " + angle + "°");
            for (int c = 0; c < 3; c++) {
                assertEquals(truth.translation()[c], fit.pose().translation()[c], 0.01 * truth.translation()[2], "T" + c);
            }
            for (int k = 0; k < 4; k++) {
                assertEquals(beta[k], fit.beta()[k], 0.05 * model.coefficientStd(k), "beta " + k);
            }
            // as good as the truth itself on these noisy landmarks (median ≈ 0.36 px)
            assertTrue(fit.medianError() < 0.45, "median reprojection error " + fit.medianError());
        }
    }

    @Test
    void initialPoseFromMeshDepth() {
        double[] neutral = SyntheticFaces.neutral();
        PoseEstimator poses = new PoseEstimator(CAM, 2.0, 50);
        Pose truth = pose(0.3, 0.1, -0.1, 0.1, -0.2, 7);
        // face-mesh style points: pixel x, y and depth in pixel units
        double[] img = new double[neutral.length];
        double[] uv = poses.project(neutral, truth);
        for (int i = 0; i < neutral.length / 3; i++) {
            double z = truth.toCamera(new double[] {neutral[3 * i], neutral[3 * i + 1], neutral[3 * i + 2]})[2];
            img[3 * i] = uv[2 * i];
            img[3 * i + 1] = uv[2 * i + 1];
            img[3 * i + 2] = (z - 7) * CAM.fx() / 7;
        }
        Pose init = poses.initial(neutral, img);
        assertTrue(Math.toDegrees(angleBetween(init.rotation(), truth.rotation())) < 3);
        assertEquals(7, init.translation()[2], 0.5);
        Pose refined = poses.refine(neutral, uv, init, null);
        assertTrue(Math.toDegrees(angleBetween(refined.rotation(), truth.rotation())) < 0.01);
    }
}
