package org.tri2plane.tracking.fit;

import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;

/**
 * Zero-phase temporal smoothing of head poses: each pose becomes the Gaussian-weighted average of
 * its neighbours (σ in source frames, so gaps from dropped frames count), rotations averaged in the
 * tangent space at the pose itself. Symmetric weights: no lag.
 */
final class PoseSmoother {

    private PoseSmoother() {}

    /** Smoothed poses; {@code indices} are the frames' source indices (increasing). */
    public static List<Pose> smooth(List<Pose> poses, int[] indices, double sigma) {
        if (sigma <= 0 || poses.size() < 2) {
            return new ArrayList<>(poses);
        }
        int radius = (int) Math.ceil(3 * sigma);
        List<Pose> out = new ArrayList<>(poses.size());
        for (int i = 0; i < poses.size(); i++) {
            double[] ri = poses.get(i).rotation();
            double[] riT = Rotation.transpose(ri);
            double[] w = new double[3];
            double[] t = new double[3];
            double wsum = 0;
            for (int j = Math.max(0, i - 2 * radius); j < Math.min(poses.size(), i + 2 * radius + 1); j++) {
                double d = indices[j] - indices[i];
                if (Math.abs(d) > radius) {
                    continue;
                }
                double g = Math.exp(-0.5 * d * d / (sigma * sigma));
                double[] rel = Rotation.log(Rotation.mul(riT, poses.get(j).rotation()));
                double[] tj = poses.get(j).translation();
                for (int c = 0; c < 3; c++) {
                    w[c] += g * rel[c];
                    t[c] += g * tj[c];
                }
                wsum += g;
            }
            for (int c = 0; c < 3; c++) {
                w[c] /= wsum;
                t[c] /= wsum;
            }
            out.add(new Pose(Rotation.orthonormalise(Rotation.mul(ri, Rotation.exp(w))), t));
        }
        return out;
    }
}
