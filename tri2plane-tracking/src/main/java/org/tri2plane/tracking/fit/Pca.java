package org.tri2plane.tracking.fit;

import java.util.SplittableRandom;
import org.tri2plane.core.geometry.Linalg;

/**
 * Principal components of a set of samples: the mean, the top-K unit-norm directions (row k of
 * {@code components}, length D) and their variances. Computed by block subspace iteration on the
 * covariance (never formed: each step is Xᵀ(X·V)), finished by a Rayleigh-Ritz rotation, so that
 * D in the thousands and N in the thousands cost seconds, not minutes.
 */
public record Pca(double[] mean, double[][] components, double[] variances) {

    /** Fits {@code k} components to {@code samples} (N x D). */
    public static Pca fit(double[][] samples, int k, long seed) {
        int n = samples.length;
        int d = samples[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 samples, got " + n);
        }
        k = Math.min(k, Math.min(d, n - 1));
        double[] mean = new double[d];
        for (double[] s : samples) {
            for (int j = 0; j < d; j++) {
                mean[j] += s[j] / n;
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = samples[i][j] - mean[j];
            }
        }
        int b = Math.min(d, k + 8); // oversampled block
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] v = new double[b][d];
        for (double[] row : v) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextDouble() - 0.5;
            }
        }
        orthonormalise(v);
        for (int it = 0; it < 60; it++) {
            v = covarianceTimes(x, v);
            orthonormalise(v);
        }
        return rayleighRitz(x, v, k, mean);
    }

    /**
     * Rayleigh-Ritz: the small eigenproblem of Vᵀ C V over the converged block {@code v} gives the
     * top-k components (unit length) and their variances.
     */
    private static Pca rayleighRitz(double[][] x, double[][] v, int k, double[] mean) {
        int b = v.length;
        int d = mean.length;
        double[][] cv = covarianceTimes(x, v);
        double[] h = new double[b * b];
        for (int p = 0; p < b; p++) {
            for (int q = 0; q < b; q++) {
                h[p * b + q] = dot(v[p], cv[q]);
            }
        }
        for (int p = 0; p < b; p++) {
            for (int q = p + 1; q < b; q++) {
                double avg = (h[p * b + q] + h[q * b + p]) / 2;
                h[p * b + q] = avg;
                h[q * b + p] = avg;
            }
        }
        double[] vec = new double[b * b];
        double[] val = Linalg.symmetricEigen(h, b, vec);
        double[][] comps = new double[k][d];
        double[] vars = new double[k];
        for (int c = 0; c < k; c++) {
            vars[c] = Math.max(0, val[c]);
            for (int p = 0; p < b; p++) {
                double w = vec[p * b + c];
                for (int j = 0; j < d; j++) {
                    comps[c][j] += w * v[p][j];
                }
            }
            double norm = Math.sqrt(dot(comps[c], comps[c]));
            for (int j = 0; j < d; j++) {
                comps[c][j] /= norm;
            }
        }
        return new Pca(mean, comps, vars);
    }

    /** Coefficients of {@code sample} in the components (projection of sample − mean). */
    public double[] project(double[] sample) {
        double[] out = new double[components.length];
        for (int c = 0; c < components.length; c++) {
            double s = 0;
            for (int j = 0; j < mean.length; j++) {
                s += (sample[j] - mean[j]) * components[c][j];
            }
            out[c] = s;
        }
        return out;
    }

    /** C·V (C = XᵀX / (N − 1)) for the rows of V. */
    private static double[][] covarianceTimes(double[][] x, double[][] v) {
        int n = x.length;
        int d = x[0].length;
        double[][] out = new double[v.length][d];
        double[] xv = new double[v.length];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            for (int p = 0; p < v.length; p++) {
                xv[p] = dot(xi, v[p]);
            }
            for (int p = 0; p < v.length; p++) {
                double f = xv[p] / (n - 1);
                double[] o = out[p];
                for (int j = 0; j < d; j++) {
                    o[j] += f * xi[j];
                }
            }
        }
        return out;
    }

    private static void orthonormalise(double[][] v) {
        for (int p = 0; p < v.length; p++) {
            for (int q = 0; q < p; q++) {
                double c = dot(v[p], v[q]);
                for (int j = 0; j < v[p].length; j++) {
                    v[p][j] -= c * v[q][j];
                }
            }
            double norm = Math.sqrt(dot(v[p], v[p]));
            if (norm < 1e-300) {
                v[p][p % v[p].length] = 1;
                norm = 1;
            }
            for (int j = 0; j < v[p].length; j++) {
                v[p][j] /= norm;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
