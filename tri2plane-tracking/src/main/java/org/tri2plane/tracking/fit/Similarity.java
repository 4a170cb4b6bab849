package org.tri2plane.tracking.fit;

import org.tri2plane.core.geometry.Linalg;

/**
 * A similarity transform x ↦ s·R·x + t between 3-D point sets, and its least-squares estimate
 * from corresponding points (Horn's quaternion method: no reflections, weights allowed).
 */
public record Similarity(double scale, double[] rotation, double[] translation) {

    /** Applies the transform to point i of {@code points} (xyz interleaved). */
    public double[] apply(double[] points, int i) {
        double[] r = rotation;
        double x = points[3 * i];
        double y = points[3 * i + 1];
        double z = points[3 * i + 2];
        return new double[] {
            scale * (r[0] * x + r[1] * y + r[2] * z) + translation[0],
            scale * (r[3] * x + r[4] * y + r[5] * z) + translation[1],
            scale * (r[6] * x + r[7] * y + r[8] * z) + translation[2]
        };
    }

    /** All points transformed. */
    public double[] applyAll(double[] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length / 3; i++) {
            double[] p = apply(points, i);
            System.arraycopy(p, 0, out, 3 * i, 3);
        }
        return out;
    }

    /**
     * The similarity minimising Σ w_i ‖s·R·a_i + t − b_i‖² ({@code weights} may be null). With
     * {@code withScale} false the scale is fixed to 1 (rigid).
     */
    public static Similarity fit(double[] a, double[] b, double[] weights, boolean withScale) {
        int n = a.length / 3;
        double wsum = 0;
        double[] ca = new double[3];
        double[] cb = new double[3];
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            wsum += w;
            for (int c = 0; c < 3; c++) {
                ca[c] += w * a[3 * i + c];
                cb[c] += w * b[3 * i + c];
            }
        }
        for (int c = 0; c < 3; c++) {
            ca[c] /= wsum;
            cb[c] /= wsum;
        }
        double[] h = new double[9]; // Σ w (a − ā)(b − b̄)ᵀ
        double varA = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            for (int r = 0; r < 3; r++) {
                double ar = a[3 * i + r] - ca[r];
                varA += w * ar * ar;
                for (int c = 0; c < 3; c++) {
                    h[3 * r + c] += w * ar * (b[3 * i + c] - cb[c]);
                }
            }
        }
        double[] rot = hornRotation(h);
        double s = 1;
        if (withScale) {
            double tr = 0; // trace(Rᵀ H) = Σ_rc R[c][r]... computed as Σ_i w (R(a−ā))·(b−b̄)
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    tr += rot[3 * c + r] * h[3 * r + c];
                }
            }
            s = tr / varA;
        }
        double[] t = new double[3];
        for (int c = 0; c < 3; c++) {
            t[c] = cb[c] - s * (rot[3 * c] * ca[0] + rot[3 * c + 1] * ca[1] + rot[3 * c + 2] * ca[2]);
        }
        return new Similarity(s, rot, t);
    }

    /**
     * Horn's closed form: the rotation maximising trace(Rᵀ H) for the cross-covariance H, from
     * the top eigenvector (a unit quaternion) of its symmetric 4 × 4 matrix.
     */
    private static double[] hornRotation(double[] h) {
        double sxx = h[0], sxy = h[1], sxz = h[2];
        double syx = h[3], syy = h[4], syz = h[5];
        double szx = h[6], szy = h[7], szz = h[8];
        double[] nm = {
            sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
            syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
            szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
            sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz
        };
        double[] vec = new double[16];
        Linalg.symmetricEigen(nm, 4, vec);
        double q0 = vec[0], q1 = vec[4], q2 = vec[8], q3 = vec[12];
        return new double[] {
            q0 * q0 + q1 * q1 - q2 * q2 - q3 * q3, 2 * (q1 * q2 - q0 * q3), 2 * (q1 * q3 + q0 * q2),
            2 * (q2 * q1 + q0 * q3), q0 * q0 - q1 * q1 + q2 * q2 - q3 * q3, 2 * (q2 * q3 - q0 * q1),
            2 * (q3 * q1 - q0 * q2), 2 * (q3 * q2 + q0 * q1), q0 * q0 - q1 * q1 - q2 * q2 + q3 * q3
        };
    }
}
