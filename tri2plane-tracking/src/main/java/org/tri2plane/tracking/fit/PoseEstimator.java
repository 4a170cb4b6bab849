package org.tri2plane.tracking.fit;

import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Linalg;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;

/**
 * Robust perspective-n-point: the pose (R, T) that projects 3-D points X_i (canonical space) onto
 * observed pixels u_i through a fixed camera, minimising Σ ρ(‖π(R·X_i + T) − u_i‖) with a Huber
 * loss ρ, by Levenberg-Marquardt on the rotation vector (left-multiplied) and T. Initialised from
 * a weak-perspective similarity when no previous pose is given.
 */
public final class PoseEstimator {

    private final Camera camera;
    private final double huber;
    private final int iterations;

    /** {@code huberPx}: residual (pixels) above which a landmark's weight falls off as 1/r. */
    public PoseEstimator(Camera camera, double huberPx, int iterations) {
        this.camera = camera;
        this.huber = huberPx;
        this.iterations = iterations;
    }

    /**
     * Initial pose from landmarks that also carry depth in pixel units (the face mesh's x, y, z):
     * a similarity s·R·X + t maps the model onto them; depth Z = f / s, T from t through the camera.
     */
    public Pose initial(double[] model, double[] imagePoints3d) {
        Similarity sim = Similarity.fit(model, imagePoints3d, null, true);
        double f = (camera.fx() + camera.fy()) / 2;
        double z = f / sim.scale();
        double[] t = sim.translation();
        double[] tr = {(t[0] - camera.cx()) * z / camera.fx(), (t[1] - camera.cy()) * z / camera.fy(), z};
        return new Pose(Rotation.orthonormalise(sim.rotation()), tr);
    }

    /** Refines {@code init} against observed pixels {@code uv} (x, y per point); weights may be null. */
    public Pose refine(double[] model, double[] uv, Pose init, double[] weights) {
        double[] r = init.rotation();
        double[] t = init.translation();
        double lambda = 1e-3;
        double cost = cost(model, uv, r, t, weights);
        for (int it = 0; it < iterations; it++) {
            double[] jtj = new double[36];
            double[] jtr = new double[6];
            normalEquations(model, uv, r, t, weights, jtj, jtr);
            boolean stepped = false;
            boolean converged = false;
            for (int attempt = 0; attempt < 8 && !stepped; attempt++) {
                double[] damped = jtj.clone();
                for (int a = 0; a < 6; a++) {
                    damped[7 * a] += lambda * Math.max(jtj[7 * a], 1e-12);
                }
                double[] neg = new double[6];
                for (int a = 0; a < 6; a++) {
                    neg[a] = -jtr[a];
                }
                double[] delta;
                try {
                    delta = Linalg.solveSpd(damped, neg, 6);
                } catch (ArithmeticException e) {
                    lambda *= 10;
                    continue;
                }
                double[] r2 = Rotation.mul(Rotation.exp(new double[] {delta[0], delta[1], delta[2]}), r);
                double[] t2 = {t[0] + delta[3], t[1] + delta[4], t[2] + delta[5]};
                double c2 = cost(model, uv, r2, t2, weights);
                if (c2 < cost) {
                    converged = cost - c2 < 1e-10 * Math.max(1, cost);
                    r = r2;
                    t = t2;
                    cost = c2;
                    lambda = Math.max(lambda / 10, 1e-9);
                    stepped = true;
                } else {
                    lambda *= 10;
                }
            }
            if (!stepped || converged) {
                break;
            }
        }
        return new Pose(Rotation.orthonormalise(r), t);
    }

    /** Adds the robustly weighted Gauss-Newton normal equations JᵀWJ and JᵀWe of pose (r, t) into {@code jtj}, {@code jtr}. */
    private void normalEquations(double[] model, double[] uv, double[] r, double[] t, double[] weights, double[] jtj,
            double[] jtr) {
        int n = model.length / 3;
        for (int i = 0; i < n; i++) {
            double[] rx = rotate(r, model, i);
            double px = rx[0] + t[0];
            double py = rx[1] + t[1];
            double pz = rx[2] + t[2];
            if (pz <= 1e-9) {
                continue;
            }
            double ex = camera.fx() * px / pz + camera.cx() - uv[2 * i];
            double ey = camera.fy() * py / pz + camera.cy() - uv[2 * i + 1];
            double w = robustWeight(Math.hypot(ex, ey)) * (weights == null ? 1 : weights[i]);
            // d(u,v)/dp
            double[] du = {camera.fx() / pz, 0, -camera.fx() * px / (pz * pz)};
            double[] dv = {0, camera.fy() / pz, -camera.fy() * py / (pz * pz)};
            // dp/dω = −[R X]ₓ, dp/dT = I
            double[][] rows = {jacobianRow(du, rx), jacobianRow(dv, rx)};
            double[] e = {ex, ey};
            for (int k = 0; k < 2; k++) {
                for (int a = 0; a < 6; a++) {
                    jtr[a] += w * rows[k][a] * e[k];
                    for (int b = 0; b < 6; b++) {
                        jtj[6 * a + b] += w * rows[k][a] * rows[k][b];
                    }
                }
            }
        }
    }

    /** Row of the Jacobian: d·(−[a]ₓ) for the rotation vector, d for T ([a]ₓ ω = a × ω). */
    private static double[] jacobianRow(double[] d, double[] a) {
        return new double[] {
            -(d[1] * a[2] - d[2] * a[1]), -(d[2] * a[0] - d[0] * a[2]), -(d[0] * a[1] - d[1] * a[0]),
            d[0], d[1], d[2]
        };
    }

    private double robustWeight(double r) {
        return r <= huber ? 1 : huber / r;
    }

    private double cost(double[] model, double[] uv, double[] r, double[] t, double[] weights) {
        double c = 0;
        for (int i = 0; i < model.length / 3; i++) {
            double[] rx = rotate(r, model, i);
            double pz = rx[2] + t[2];
            if (pz <= 1e-9) {
                return Double.POSITIVE_INFINITY;
            }
            double ex = camera.fx() * (rx[0] + t[0]) / pz + camera.cx() - uv[2 * i];
            double ey = camera.fy() * (rx[1] + t[1]) / pz + camera.cy() - uv[2 * i + 1];
            double e = Math.hypot(ex, ey);
            double rho = e <= huber ? 0.5 * e * e : huber * (e - 0.5 * huber);
            c += rho * (weights == null ? 1 : weights[i]);
        }
        return c;
    }

    private static double[] rotate(double[] r, double[] pts, int i) {
        double x = pts[3 * i];
        double y = pts[3 * i + 1];
        double z = pts[3 * i + 2];
        return new double[] {r[0] * x + r[1] * y + r[2] * z, r[3] * x + r[4] * y + r[5] * z, r[6] * x + r[7] * y + r[8] * z};
    }

    /** Projected pixel (x, y) of every point under {@code pose}. */
    public double[] project(double[] model, Pose pose) {
        double[] out = new double[model.length / 3 * 2];
        for (int i = 0; i < model.length / 3; i++) {
            double[] p = pose.toCamera(new double[] {model[3 * i], model[3 * i + 1], model[3 * i + 2]});
            double[] uv = camera.project(p);
            out[2 * i] = uv[0];
            out[2 * i + 1] = uv[1];
        }
        return out;
    }

    public Camera camera() {
        return camera;
    }

    /** Residual (pixels) above which the Huber loss is linear. */
    public double huber() {
        return huber;
    }
}
