package org.tri2plane.tracking.transfer;

import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.tracking.fit.MorphableModel;
import org.tri2plane.tracking.fit.Similarity;

/**
 * Relative expression and head-motion transfer for cross-reenactment (docs/conventions.md): the driver's
 * change from its neutral frame is applied to the target. Shape: S_target(t) = S̄_target +
 * s·R·(S_driver(t) − S_driver(neutral)), with (s, R) the similarity aligning the driver's neutral to
 * the target's mean shape, projected onto the target's basis. Pose: the driver's rotation relative
 * to its neutral pose applied to the target's mean rotation; its translation change scaled by the
 * ratio of the two subjects' distances to the camera.
 */
public final class ExpressionTransfer {

    /** A driver frame expressed in the target's terms. */
    public record Frame(int driverIndex, Pose pose, double[] beta) {}

    private ExpressionTransfer() {}

    /** The driver frame with the least expression: smallest Σ (β_k / σ_k)². */
    public static int leastExpressive(MorphableModel driver, List<double[]> betas) {
        int best = 0;
        double bestNorm = Double.MAX_VALUE;
        for (int i = 0; i < betas.size(); i++) {
            double s = 0;
            for (int k = 0; k < betas.get(i).length; k++) {
                double z = betas.get(i)[k] / Math.max(driver.coefficientStd(k), 1e-12);
                s += z * z;
            }
            if (s < bestNorm) {
                bestNorm = s;
                best = i;
            }
        }
        return best;
    }

    /**
     * Transfers every driver frame. {@code neutral} is the position (in the driver lists) of the
     * driver's neutral frame; {@code targetPoses} are the target's tracked poses (their mean is the
     * pose the motion is applied to).
     */
    public static List<Frame> transfer(MorphableModel driver, List<double[]> driverBetas, List<Pose> driverPoses,
            int[] driverIndices, int neutral, MorphableModel target, List<Pose> targetPoses) {
        double[] driverNeutral = driver.shape(driverBetas.get(neutral));
        Similarity align = Similarity.fit(driverNeutral, target.meanShape(), null, true);
        Pose mean = Pose.mean(targetPoses);
        Pose dn = driverPoses.get(neutral);
        double[] dnRT = Rotation.transpose(dn.rotation());
        double depthRatio = mean.translation()[2] / dn.translation()[2];
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < driverBetas.size(); i++) {
            double[] delta = driver.shape(driverBetas.get(i));
            for (int j = 0; j < delta.length; j++) {
                delta[j] -= driverNeutral[j];
            }
            double[] shape = target.meanShape().clone();
            double[] r = align.rotation();
            for (int v = 0; v < shape.length / 3; v++) {
                for (int a = 0; a < 3; a++) {
                    shape[3 * v + a] += align.scale()
                            * (r[3 * a] * delta[3 * v] + r[3 * a + 1] * delta[3 * v + 1] + r[3 * a + 2] * delta[3 * v + 2]);
                }
            }
            double[] beta = target.coefficients(shape);
            Pose di = driverPoses.get(i);
            double[] rel = Rotation.mul(di.rotation(), dnRT);
            double[] rot = Rotation.orthonormalise(Rotation.mul(rel, mean.rotation()));
            double[] t = new double[3];
            for (int a = 0; a < 3; a++) {
                t[a] = mean.translation()[a] + (di.translation()[a] - dn.translation()[a]) * depthRatio;
            }
            out.add(new Frame(driverIndices[i], new Pose(rot, t), beta));
        }
        return out;
    }
}
