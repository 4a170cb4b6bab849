package org.tri2plane.core.geometry;

/**
 * Rotation maths on row-major 3×3 matrices ({@code double[9]}): products, the exponential and
 * logarithm maps of rotation vectors (Rodrigues), the nearest rotation to a matrix, and the
 * yaw/pitch turns of novel views. The one home of rotations; {@link Pose} builds on it.
 */
public final class Rotation {

    private Rotation() {}

    /** A new identity matrix. */
    public static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /** 3×3 product A·B. */
    public static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return c;
    }

    /** Transpose of a 3×3 (the inverse of a rotation). */
    public static double[] transpose(double[] a) {
        return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
    }

    /** Rodrigues: rotation matrix of the rotation vector ω (axis · angle). */
    public static double[] exp(double[] w) {
        double th = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
        double[] k = th < 1e-12 ? new double[] {0, 0, 0} : new double[] {w[0] / th, w[1] / th, w[2] / th};
        double c = Math.cos(th);
        double s = Math.sin(th);
        double t = 1 - c;
        return new double[] {
            c + k[0] * k[0] * t, k[0] * k[1] * t - k[2] * s, k[0] * k[2] * t + k[1] * s,
            k[1] * k[0] * t + k[2] * s, c + k[1] * k[1] * t, k[1] * k[2] * t - k[0] * s,
            k[2] * k[0] * t - k[1] * s, k[2] * k[1] * t + k[0] * s, c + k[2] * k[2] * t
        };
    }

    /** Rotation vector of a rotation matrix (inverse of {@link #exp}). */
    public static double[] log(double[] r) {
        double cos = Math.max(-1, Math.min(1, (r[0] + r[4] + r[8] - 1) / 2));
        double th = Math.acos(cos);
        if (th < 1e-9) {
            return new double[] {(r[7] - r[5]) / 2, (r[2] - r[6]) / 2, (r[3] - r[1]) / 2};
        }
        if (Math.PI - th < 1e-6) {
            return halfTurnVector(r, th);
        }
        double f = th / (2 * Math.sin(th));
        return new double[] {(r[7] - r[5]) * f, (r[2] - r[6]) * f, (r[3] - r[1]) * f};
    }

    /** Near 180° the antisymmetric part vanishes: the axis comes from the diagonal, its signs from the off-diagonal. */
    private static double[] halfTurnVector(double[] r, double th) {
        double x = Math.sqrt(Math.max(0, (r[0] + 1) / 2));
        double y = Math.sqrt(Math.max(0, (r[4] + 1) / 2));
        double z = Math.sqrt(Math.max(0, (r[8] + 1) / 2));
        if (x >= y && x >= z) {
            y = Math.copySign(y, r[1]);
            z = Math.copySign(z, r[2]);
        } else if (y >= z) {
            x = Math.copySign(x, r[1]);
            z = Math.copySign(z, r[5]);
        } else {
            x = Math.copySign(x, r[2]);
            y = Math.copySign(y, r[5]);
        }
        return new double[] {x * th, y * th, z * th};
    }

    /** Nearest rotation to a 3×3 matrix M (its polar factor M (MᵀM)^(−1/2)). */
    public static double[] orthonormalise(double[] m) {
        double[] mtm = mul(transpose(m), m);
        double[] vec = new double[9];
        double[] val = Linalg.symmetricEigen(mtm, 3, vec);
        // (MᵀM)^(-1/2) = V diag(1/√λ) Vᵀ
        double[] inv = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += vec[3 * i + k] * vec[3 * j + k] / Math.sqrt(Math.max(val[k], 1e-300));
                }
                inv[3 * i + j] = s;
            }
        }
        return mul(m, inv);
    }

    /** Determinant of a 3×3 (−1 for a reflection). */
    public static double determinant(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7])
                - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /** Rotation by {@code angle} radians about the canonical y axis (yaw). */
    public static double[] aboutY(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
    }

    /** Rotation by {@code angle} radians about the canonical x axis (pitch). */
    public static double[] aboutX(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
    }
}
