package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tri2plane.core.geometry.HeadExtent;
import org.tri2plane.core.render.RayWeights;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.util.Scalars;

/**
 * The geometry terms of a render whose rays carried the tracked face ({@link RayWeights}), each a
 * mean over the rays it concerns: the depth error and the weight in front of the face over the rays
 * that meet the face, the distortion over all rays, the missing opacity over the face (ours; see
 * {@link org.tri2plane.core.config.GeometryConfig}).
 */
public final class GeometryLoss {

    /** Opacity below which the expected depth is normalised as if it were this (a ray of fog has no depth). */
    static final float MIN_OPACITY = 0.1f;

    private GeometryLoss() {}

    /**
     * Mean over the face's rays of |d̂ − d|, d̂ = Σ w_i t_i / max(Σ w_i, {@value #MIN_OPACITY}) the
     * render's expected distance normalised by its opacity, d the face's ray distance; 0 when no ray
     * meets the face.
     */
    public static NDArray depth(RenderedImage image) {
        RayWeights r = rays(image);
        long[] bn = {r.surface().getShape().get(0), r.surface().getShape().get(1)};
        NDArray expected = image.depth().reshape(bn[0], bn[1], 1).div(image.mask().reshape(bn[0], bn[1], 1).maximum(MIN_OPACITY));
        NDArray face = face(r);
        return expected.sub(r.surface()).abs().mul(face).sum().div(face.sum().maximum(1f));
    }

    /** Mean over the face's rays of the weight of the samples more than {@code margin} in front of the face: Σ_{t_i < d − margin} w_i. */
    public static NDArray front(RenderedImage image, double margin) {
        RayWeights r = rays(image);
        NDArray face = face(r);
        // a limit of 0 where the ray misses the face: no sample lies before it
        NDArray limit = Scalars.sub(r.surface(), margin).mul(face);
        NDArray before = r.t().lt(limit).toType(r.weights().getDataType(), false);
        return r.weights().mul(before).sum(new int[] {2}, true).mul(face).sum().div(face.sum().maximum(1f));
    }

    /**
     * Mip-NeRF 360's distortion loss per ray, averaged over all rays: Σ_{i,j} w_i w_j |s_i − s_j| +
     * ⅓ Σ_i w_i² / S with s = t / (S·δ) the sample positions in units of the ray's range in the box
     * (S samples of bin width δ). Fog spread over the range costs about ⅓; all weight in one bin
     * costs ⅓·w²/S.
     */
    public static NDArray distortion(RenderedImage image) {
        RayWeights r = rays(image);
        long samples = r.t().getShape().get(2);
        NDArray range = Scalars.mul(r.delta().maximum(1e-6f), samples);
        NDArray s = r.t().div(range).expandDims(3);
        NDArray w = r.weights().expandDims(3);
        NDArray pairs = w.mul(w.transpose(0, 1, 3, 2)).mul(s.sub(s.transpose(0, 1, 3, 2)).abs()).sum(new int[] {2, 3});
        NDArray self = Scalars.mul(r.weights().square().sum(new int[] {2}), 1.0 / (3 * samples));
        return pairs.add(self).mean();
    }

    /**
     * Mean over all rays of the weight of samples outside the head proxy (the ellipsoid of
     * {@code head}: Σ ((p − c) / r)² &gt; 1) and above the chin level (y ≤ the extent's largest y; below
     * it neck and shoulders may be anywhere): space a head has nothing in.
     */
    public static NDArray empty(RenderedImage image, HeadExtent head) {
        RayWeights r = rays(image);
        NDManager m = r.weights().getManager();
        double[] c = head.proxyCentre();
        double[] rad = head.proxyRadii();
        NDArray p = r.points();
        NDArray centre = m.create(new float[] {(float) c[0], (float) c[1], (float) c[2]});
        NDArray inverse = m.create(new float[] {(float) (1 / rad[0]), (float) (1 / rad[1]), (float) (1 / rad[2])});
        NDArray q = p.sub(centre).mul(inverse).square().sum(new int[] {3});
        NDArray outside = q.gt(1f).logicalAnd(p.get(":, :, :, 1").lte((float) head.max()[1])).toType(r.weights().getDataType(), false);
        return r.weights().mul(outside).sum(new int[] {2}).mean();
    }

    /** Mean over the face's rays of (1 − opacity)²: the face is opaque. */
    public static NDArray silhouette(RenderedImage image) {
        RayWeights r = rays(image);
        NDArray face = face(r);
        NDArray mask = image.mask().reshape(face.getShape());
        return Scalars.rsub(1, mask).square().mul(face).sum().div(face.sum().maximum(1f));
    }

    /** 1 on the rays that meet the face, 0 elsewhere [B, N, 1]. */
    private static NDArray face(RayWeights r) {
        return r.surface().gt(0).toType(r.surface().getDataType(), false);
    }

    private static RayWeights rays(RenderedImage image) {
        if (image.rays() == null) {
            throw new IllegalArgumentException("the render's rays did not carry the tracked face (FrameBatch.withFaces)");
        }
        return image.rays();
    }
}
