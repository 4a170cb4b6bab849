package org.tri2plane.tracking.fit;

import java.util.Arrays;
import org.tri2plane.core.geometry.Linalg;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.util.Stats;

/**
 * Fits one frame: a robust PnP of the starting shape, then a joint Levenberg-Marquardt over the
 * pose (rotation vector, T) and the expression β with a Huber loss on the landmark residuals and
 * the Gaussian prior of {@link ShapeFitter}; reports the reprojection error in pixels. (Fitting
 * pose and β in turn converges slowly: jaw and head motion are coupled.)
 */
public final class FrameFitter {

    /** Pose, coefficients and reprojection error (mean and median over landmarks, pixels) of one frame. */
    public record Fit(Pose pose, double[] beta, double meanError, double medianError) {}

    private final PoseEstimator poses;
    private final ShapeFitter shapes;
    private final int rounds;

    public FrameFitter(PoseEstimator poses, ShapeFitter shapes, int rounds) {
        this.poses = poses;
        this.shapes = shapes;
        this.rounds = rounds;
    }

    /**
     * Fits landmarks {@code uv} (pixels); {@code init} is the starting pose (e.g. the previous
     * frame's, or {@link PoseEstimator#initial}); {@code betaInit} may be null.
     */
    public Fit fit(MorphableModel model, double[] uv, Pose init, double[] betaInit) {
        double[] beta = betaInit == null ? new double[model.expressionCount()] : betaInit.clone();
        Pose pose = poses.refine(model.shape(beta), uv, init, null);
        JointState s = new JointState(pose.rotation(), pose.translation(), beta);
        double lambda = 1e-3;
        double cost = cost(model, uv, s);
        for (int it = 0; it < rounds; it++) {
            double[][] normal = normalEquations(model, uv, s);
            double[] jtj = normal[0];
            double[] jtr = normal[1];
            int p = jtr.length;
            boolean stepped = false;
            boolean converged = false;
            for (int attempt = 0; attempt < 8 && !stepped; attempt++) {
                double[] damped = jtj.clone();
                for (int a = 0; a < p; a++) {
                    damped[a * p + a] += lambda * Math.max(jtj[a * p + a], 1e-12);
                }
                double[] neg = new double[p];
                for (int a = 0; a < p; a++) {
                    neg[a] = -jtr[a];
                }
                double[] d;
                try {
                    d = Linalg.solveSpd(damped, neg, p);
                } catch (ArithmeticException e) {
                    lambda *= 10;
                    continue;
                }
                JointState next = s.step(d);
                double c2 = cost(model, uv, next);
                if (c2 < cost) {
                    converged = cost - c2 < 1e-10 * Math.max(1, cost);
                    s = next;
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
        return withErrors(model, uv, new Pose(Rotation.orthonormalise(s.r), s.t), s.beta);
    }

    /** Pose and coefficients during the joint fit. */
    private record JointState(double[] r, double[] t, double[] beta) {
        JointState step(double[] d) {
            double[] r2 = Rotation.mul(Rotation.exp(new double[] {d[0], d[1], d[2]}), r);
            double[] t2 = {t[0] + d[3], t[1] + d[4], t[2] + d[5]};
            double[] b2 = beta.clone();
            for (int k = 0; k < b2.length; k++) {
                b2[k] += d[6 + k];
            }
            return new JointState(r2, t2, b2);
        }
    }

    private double huberWeight(double e) {
        double h = poses.huber();
        return e <= h ? 1 : h / e;
    }

    private double cost(MorphableModel model, double[] uv, JointState s) {
        double[] shape = model.shape(s.beta);
        double c = 0;
        double h = poses.huber();
        for (int i = 0; i < shape.length / 3; i++) {
            double[] e = residual(shape, i, s, uv);
            if (e == null) {
                return Double.POSITIVE_INFINITY;
            }
            double n = Math.hypot(e[0], e[1]);
            c += n <= h ? 0.5 * n * n : h * (n - 0.5 * h);
        }
        for (int k = 0; k < s.beta.length; k++) {
            double sd = Math.max(model.coefficientStd(k), 1e-9);
            c += 0.5 * shapes.prior() * s.beta[k] * s.beta[k] / (sd * sd);
        }
        return c;
    }

    private double[] residual(double[] shape, int i, JointState s, double[] uv) {
        double[] r = s.r;
        double x = shape[3 * i];
        double y = shape[3 * i + 1];
        double z = shape[3 * i + 2];
        double px = r[0] * x + r[1] * y + r[2] * z + s.t[0];
        double py = r[3] * x + r[4] * y + r[5] * z + s.t[1];
        double pz = r[6] * x + r[7] * y + r[8] * z + s.t[2];
        if (pz <= 1e-9) {
            return null;
        }
        var cam = poses.camera();
        return new double[] {cam.fx() * px / pz + cam.cx() - uv[2 * i], cam.fy() * py / pz + cam.cy() - uv[2 * i + 1], px, py, pz};
    }

    /** JᵀWJ and JᵀWr (with the prior) for parameters [ω, T, β]. */
    private double[][] normalEquations(MorphableModel model, double[] uv, JointState s) {
        int k = s.beta.length;
        int p = 6 + k;
        int n = model.vertexCount();
        double[] shape = model.shape(s.beta);
        double[][] comps = new double[k][];
        for (int c = 0; c < k; c++) {
            comps[c] = model.component(c);
        }
        double[] r = s.r;
        var cam = poses.camera();
        double[] jtj = new double[p * p];
        double[] jtr = new double[p];
        double[] jx = new double[p];
        double[] jy = new double[p];
        for (int i = 0; i < n; i++) {
            double[] e = residual(shape, i, s, uv);
            if (e == null) {
                continue;
            }
            double px = e[2];
            double py = e[3];
            double pz = e[4];
            double w = huberWeight(Math.hypot(e[0], e[1]));
            double[] du = {cam.fx() / pz, 0, -cam.fx() * px / (pz * pz)};
            double[] dv = {0, cam.fy() / pz, -cam.fy() * py / (pz * pz)};
            double[] a = {px - s.t[0], py - s.t[1], pz - s.t[2]}; // R·X
            fillPoseRow(du, a, jx);
            fillPoseRow(dv, a, jy);
            for (int c = 0; c < k; c++) {
                double[] b = comps[c];
                double bx = r[0] * b[3 * i] + r[1] * b[3 * i + 1] + r[2] * b[3 * i + 2];
                double by = r[3] * b[3 * i] + r[4] * b[3 * i + 1] + r[5] * b[3 * i + 2];
                double bz = r[6] * b[3 * i] + r[7] * b[3 * i + 1] + r[8] * b[3 * i + 2];
                jx[6 + c] = du[0] * bx + du[2] * bz;
                jy[6 + c] = dv[1] * by + dv[2] * bz;
            }
            for (int u = 0; u < p; u++) {
                jtr[u] += w * (jx[u] * e[0] + jy[u] * e[1]);
                for (int v = 0; v <= u; v++) {
                    jtj[u * p + v] += w * (jx[u] * jx[v] + jy[u] * jy[v]);
                }
            }
        }
        for (int u = 0; u < p; u++) {
            for (int v = 0; v < u; v++) {
                jtj[v * p + u] = jtj[u * p + v];
            }
        }
        for (int c = 0; c < k; c++) {
            double sd = Math.max(model.coefficientStd(c), 1e-9);
            double w = shapes.prior() / (sd * sd);
            jtj[(6 + c) * p + 6 + c] += w;
            jtr[6 + c] += w * s.beta[c];
        }
        return new double[][] {jtj, jtr};
    }

    private static void fillPoseRow(double[] d, double[] a, double[] row) {
        row[0] = -(d[1] * a[2] - d[2] * a[1]);
        row[1] = -(d[2] * a[0] - d[0] * a[2]);
        row[2] = -(d[0] * a[1] - d[1] * a[0]);
        row[3] = d[0];
        row[4] = d[1];
        row[5] = d[2];
    }

    /** The error of a given pose and β. */
    public Fit withErrors(MorphableModel model, double[] uv, Pose pose, double[] beta) {
        double[] e = errors(poses.project(model.shape(beta), pose), uv);
        double mean = Arrays.stream(e).average().orElse(0);
        return new Fit(pose, beta, mean, Stats.median(e));
    }

    /** Per-landmark distance between two pixel lists. */
    public static double[] errors(double[] a, double[] b) {
        double[] e = new double[a.length / 2];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
        }
        return e;
    }

    public PoseEstimator poses() {
        return poses;
    }

    public ShapeFitter shapes() {
        return shapes;
    }
}
