package org.tri2plane.tracking.fit;

import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Linalg;
import org.tri2plane.core.geometry.Pose;

/**
 * Expression coefficients β for a frame with a known pose: Gauss-Newton on the reprojection error
 * Σ ‖π(R·S(β)_i + T) − u_i‖² plus a Gaussian prior λ·Σ (β_k / σ_k)².
 */
public final class ShapeFitter {

    private final Camera camera;
    private final double prior;
    private final int iterations;

    public ShapeFitter(Camera camera, double prior, int iterations) {
        this.camera = camera;
        this.prior = prior;
        this.iterations = iterations;
    }

    /** Weight λ of the Gaussian prior on β. */
    public double prior() {
        return prior;
    }

    /** β starting from {@code init} (may be null for zeros). */
    public double[] fit(MorphableModel model, double[] uv, Pose pose, double[] init) {
        int k = model.expressionCount();
        double[] beta = init == null ? new double[k] : init.clone();
        double[] r = pose.rotation();
        double[] t = pose.translation();
        double[][] rb = rotatedBasis(model, r);
        for (int it = 0; it < iterations; it++) {
            double[] s = model.shape(beta);
            double[] jtj = new double[k * k];
            double[] jtr = new double[k];
            gaussNewton(model, uv, s, r, t, rb, jtj, jtr);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < a; b++) {
                    jtj[b * k + a] = jtj[a * k + b];
                }
                double sd = Math.max(model.coefficientStd(a), 1e-9);
                double w = prior / (sd * sd);
                jtj[a * k + a] += w;
                jtr[a] += w * beta[a];
            }
            double[] neg = new double[k];
            for (int a = 0; a < k; a++) {
                neg[a] = -jtr[a];
            }
            double[] delta = Linalg.solveSpd(jtj, neg, k);
            double step = 0;
            for (int a = 0; a < k; a++) {
                beta[a] += delta[a];
                step = Math.max(step, Math.abs(delta[a]) / Math.max(model.coefficientStd(a), 1e-9));
            }
            if (step < 1e-6) {
                break;
            }
        }
        return beta;
    }

    /** R · B_c per vertex, for every component c. */
    private static double[][] rotatedBasis(MorphableModel model, double[] r) {
        int k = model.expressionCount();
        int n = model.vertexCount();
        double[][] rb = new double[k][]; // R·B_k per vertex
        for (int c = 0; c < k; c++) {
            double[] comp = model.component(c);
            double[] out = new double[3 * n];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    out[3 * i + a] = r[3 * a] * comp[3 * i] + r[3 * a + 1] * comp[3 * i + 1] + r[3 * a + 2] * comp[3 * i + 2];
                }
            }
            rb[c] = out;
        }
        return rb;
    }

    /** Adds the reprojection Gauss-Newton terms (lower triangle of JᵀJ, and Jᵀe) of shape {@code s} at pose (r, t). */
    private void gaussNewton(MorphableModel model, double[] uv, double[] s, double[] r, double[] t, double[][] rb,
            double[] jtj, double[] jtr) {
        int k = model.expressionCount();
        int n = model.vertexCount();
        double[] jx = new double[k];
        double[] jy = new double[k];
        for (int i = 0; i < n; i++) {
            double px = r[0] * s[3 * i] + r[1] * s[3 * i + 1] + r[2] * s[3 * i + 2] + t[0];
            double py = r[3] * s[3 * i] + r[4] * s[3 * i + 1] + r[5] * s[3 * i + 2] + t[1];
            double pz = r[6] * s[3 * i] + r[7] * s[3 * i + 1] + r[8] * s[3 * i + 2] + t[2];
            double ex = camera.fx() * px / pz + camera.cx() - uv[2 * i];
            double ey = camera.fy() * py / pz + camera.cy() - uv[2 * i + 1];
            double dux = camera.fx() / pz;
            double duz = -camera.fx() * px / (pz * pz);
            double dvy = camera.fy() / pz;
            double dvz = -camera.fy() * py / (pz * pz);
            for (int c = 0; c < k; c++) {
                jx[c] = dux * rb[c][3 * i] + duz * rb[c][3 * i + 2];
                jy[c] = dvy * rb[c][3 * i + 1] + dvz * rb[c][3 * i + 2];
            }
            for (int a = 0; a < k; a++) {
                jtr[a] += jx[a] * ex + jy[a] * ey;
                for (int b = 0; b <= a; b++) {
                    jtj[a * k + b] += jx[a] * jx[b] + jy[a] * jy[b];
                }
            }
        }
    }
}
