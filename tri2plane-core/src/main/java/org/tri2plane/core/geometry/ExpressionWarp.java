package org.tri2plane.core.geometry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.tri2plane.core.config.RenderingConfig;
import org.tri2plane.core.util.Scalars;

/**
 * The expression warp ({@code rendering.expressionWarp}; ours, not the paper's): how far the
 * tracked face of a frame has moved from the subject's mean face, as a displacement field that
 * the renderer subtracts from every sample point before it reads the tri-planes, so that a lip
 * that moves down in the frame reads the features of the lip in the mean face (as mesh-driven
 * avatars such as INSTA deform their sample points). The field is a front view, like the condition
 * maps: on an R x R grid over the box's XY extent (rows along y, columns along x, grid point i at
 * min + i·extent/(R − 1), the tri-plane sampler's convention) it holds D(x, y) = Σ_i w_i·Δ_i /
 * max(1, Σ_i w_i), with Δ_i = Σ_k β_k·B_k[i] the displacement of vertex i, w_i = exp(−r_i² / 2ρ²)
 * and r_i the distance in XY from the grid point to vertex i of the expressed face; ρ is the
 * {@code radius}. Inside the face the field is a weighted mean of the nearby vertices' motion;
 * away from it, where Σ w &lt; 1, it fades to zero. Every depth at one (x, y) moves alike. Values are
 * in the box's normalised units (2 / extent per axis), as the renderer's points are.
 */
public final class ExpressionWarp {

    /** Side R of the displacement grid. */
    public static final int RESOLUTION = 64;

    /** Vertices further than this many radii contribute nothing (their weight is below 1.2e-4). */
    private static final double CUTOFF = 4.25;

    private final double[] mean;
    private final double[][] basis;
    private final Box box;
    private final double radius;

    /**
     * A warp for a subject's linear face model: {@code mean} S̄ (x, y, z interleaved) and {@code
     * basis} B_k (each as long as the mean), in the canonical space of {@code box}; {@code radius}
     * ρ in canonical units.
     */
    public ExpressionWarp(double[] mean, double[][] basis, Box box, double radius) {
        if (!(radius > 0)) {
            throw new IllegalArgumentException("rendering.expressionWarp (the warp's radius) must be > 0, was " + radius);
        }
        if (mean.length % 3 != 0) {
            throw new IllegalArgumentException("the mean face holds x, y, z triples, got " + mean.length + " values");
        }
        for (double[] b : basis) {
            if (b.length != mean.length) {
                throw new IllegalArgumentException("every basis vector must be as long as the mean face (" + mean.length
                        + "), got " + b.length);
            }
        }
        this.mean = mean.clone();
        this.basis = basis.clone();
        this.box = box;
        this.radius = radius;
    }

    /**
     * The warp of a still head for benchmarks on synthetic data when {@code rendering} has one
     * (else null): a head-sized sphere of a tracked face's vertex count with no expression
     * components, so its field is zero but costs what a tracked face's does.
     */
    public static ExpressionWarp stillHead(RenderingConfig rendering) {
        if (rendering.expressionWarp() <= 0) {
            return null;
        }
        FaceMesh head = FaceMesh.sphere(new double[] {0, 0, 0}, 0.9, 18, 26);
        return new ExpressionWarp(head.vertices(), new double[0][], new Box(rendering.boxMin(), rendering.boxMax()),
                rendering.expressionWarp());
    }

    /**
     * The displacement field of expression coefficients {@code beta} (coefficients past the basis
     * are ignored): [3, R, R] values (Δx, Δy, Δz planes) in normalised box units.
     */
    public float[] field(double[] beta) {
        int v = mean.length / 3;
        double[] moved = FaceMesh.of(mean, basis, beta, new int[0]).vertices();
        double[] delta = new double[mean.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = moved[i] - mean[i];
        }
        int r = RESOLUTION;
        double x0 = box.min().get(0);
        double y0 = box.min().get(1);
        double dx = box.extent(0) / (r - 1);
        double dy = box.extent(1) / (r - 1);
        double[] sum = new double[3 * r * r];
        double[] weight = new double[r * r];
        double reach = CUTOFF * radius;
        double inv = 1 / (2 * radius * radius);
        for (int i = 0; i < v; i++) {
            double px = moved[3 * i];
            double py = moved[3 * i + 1];
            int c0 = Math.max(0, (int) Math.ceil((px - reach - x0) / dx));
            int c1 = Math.min(r - 1, (int) Math.floor((px + reach - x0) / dx));
            int r0 = Math.max(0, (int) Math.ceil((py - reach - y0) / dy));
            int r1 = Math.min(r - 1, (int) Math.floor((py + reach - y0) / dy));
            for (int row = r0; row <= r1; row++) {
                double ey = y0 + row * dy - py;
                for (int col = c0; col <= c1; col++) {
                    double ex = x0 + col * dx - px;
                    double d2 = ex * ex + ey * ey;
                    if (d2 > reach * reach) {
                        continue;
                    }
                    double w = Math.exp(-d2 * inv);
                    int p = row * r + col;
                    weight[p] += w;
                    for (int c = 0; c < 3; c++) {
                        sum[c * r * r + p] += w * delta[3 * i + c];
                    }
                }
            }
        }
        float[] out = new float[3 * r * r];
        for (int c = 0; c < 3; c++) {
            double scale = 2 / box.extent(c);
            for (int p = 0; p < r * r; p++) {
                out[c * r * r + p] = (float) (sum[c * r * r + p] / Math.max(1, weight[p]) * scale);
            }
        }
        return out;
    }

    /** The fields of several frames' coefficients as [B, 3, R, R], in {@code m}. */
    public NDArray fields(NDManager m, List<double[]> betas) {
        int n = 3 * RESOLUTION * RESOLUTION;
        float[] all = new float[betas.size() * n];
        for (int b = 0; b < betas.size(); b++) {
            System.arraycopy(field(betas.get(b)), 0, all, b * n, n);
        }
        return Scalars.constant(m, all, new Shape(betas.size(), 3, RESOLUTION, RESOLUTION));
    }
}
