package org.tri2plane.tracking.fit;

/** Small dense linear algebra on double arrays (row-major) for the fitting code. */
public final class Linalg {

    private Linalg() {}

    /**
     * Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations. Returns the
     * eigenvalues (descending) and fills {@code vectors} (n x n, row-major, column k is the
     * eigenvector of value k).
     */
    public static double[] symmetricEigen(double[] a, int n, double[] vectors) {
        double[] m = a.clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += m[p * n + q] * m[p * n + q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k * n + p];
                        double mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p * n + k];
                        double mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(m[y * n + y], m[x * n + x]));
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = m[order[k] * n + order[k]];
            for (int i = 0; i < n; i++) {
                vectors[i * n + k] = v[i * n + order[k]];
            }
        }
        return values;
    }

    /** Solves A x = b for symmetric positive-definite A (n x n) by Cholesky; A and b are not changed. */
    public static double[] solveSpd(double[] a, double[] b, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (s <= 0) {
                        throw new ArithmeticException("matrix is not positive definite");
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * x[k];
            }
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    /** 3x3 product A·B. */
    public static double[] mul3(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return c;
    }

    /** Transpose of a 3x3. */
    public static double[] transpose3(double[] a) {
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
            // near 180°: axis from the diagonal
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
        double f = th / (2 * Math.sin(th));
        return new double[] {(r[7] - r[5]) * f, (r[2] - r[6]) * f, (r[3] - r[1]) * f};
    }

    /** Nearest rotation to a 3x3 matrix (via its polar decomposition). */
    public static double[] orthonormalise(double[] m) {
        double[] mtm = mul3(transpose3(m), m);
        double[] vec = new double[9];
        double[] val = symmetricEigen(mtm, 3, vec);
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
        return mul3(m, inv);
    }
}
