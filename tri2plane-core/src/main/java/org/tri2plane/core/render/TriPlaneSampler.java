package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import org.tri2plane.core.util.Scalars;

/**
 * Bilinear tri-plane sampling, equal to PyTorch's {@code grid_sample(mode='bilinear',
 * align_corners=True, padding_mode='zeros')} on each plane, summed over the three planes. DJL's
 * PyTorch JNI has no grid_sample, so all 12 corner rows of a point (3 planes x 4 corners) come
 * from one embedding lookup into the planes laid out as a [B·3·R·R, C] table; gradients flow to
 * the planes through it.
 *
 * <p>Projections (plane columns u, rows v, as grid (x, y) in grid_sample): plane 0 XY (u = x, v =
 * y), plane 1 XZ (u = x, v = z), plane 2 ZY (u = z, v = y): three distinct axis-aligned planes.
 */
public final class TriPlaneSampler {

    /** Coordinate index (0 = x, 1 = y, 2 = z) giving the column of each plane. */
    static final int[] PLANE_U = {0, 0, 2};
    /** Coordinate index giving the row of each plane. */
    static final int[] PLANE_V = {1, 2, 1};

    /**
     * Tri-planes laid out for lookup: {@code rows} [B·3·R·R, C] (plane p of sample k at rows
     * (k·3 + p)·R² …). Build it once per tri-plane and step; every render of that tri-plane reuses it.
     */
    public record PlaneTable(NDArray rows, long batch, long channels, long resolution) {}

    /** Lays out {@code planes} [B, 3, C, R, R] for {@link #sample(PlaneTable, NDArray)}. */
    public PlaneTable table(NDArray planes) {
        Shape ps = planes.getShape();
        if (ps.dimension() != 5 || ps.get(1) != 3 || ps.get(3) != ps.get(4)) {
            throw new IllegalArgumentException("planes must be [B, 3, C, R, R], got " + ps);
        }
        long b = ps.get(0);
        long c = ps.get(2);
        long r = ps.get(3);
        return new PlaneTable(planes.transpose(0, 1, 3, 4, 2).reshape(b * 3 * r * r, c), b, c, r);
    }

    /**
     * Samples {@code planes} [B, 3, C, R, R] at {@code points} [B, M, 3] given in the box's
     * normalised coordinates [-1, 1]; returns [B, M, C]. Points outside contribute zero.
     */
    public NDArray sample(NDArray planes, NDArray points) {
        return sample(table(planes), points);
    }

    /** Samples a prepared table at {@code points} [B, M, 3]; returns [B, M, C]. */
    public NDArray sample(PlaneTable table, NDArray points) {
        long b = table.batch();
        long c = table.channels();
        long r = table.resolution();
        Shape qs = points.getShape();
        if (qs.dimension() != 3 || qs.get(0) != b || qs.get(2) != 3) {
            throw new IllegalArgumentException("points must be [" + b + ", M, 3], got " + qs);
        }
        long m = qs.get(1);
        NDManager manager = points.getManager();

        NDArray uv = pixelCoordinates(points, r); // [B, M, 3, 2] in pixel units
        NDArray pu = uv.get(":, :, :, 0");
        NDArray pv = uv.get(":, :, :, 1");
        NDArray u0 = pu.floor();
        NDArray v0 = pv.floor();
        NDArray fu = pu.sub(u0);
        NDArray fv = pv.sub(v0);
        NDArray gu = Scalars.rsub(1, fu);
        NDArray gv = Scalars.rsub(1, fv);
        NDArray u1 = Scalars.add(u0, 1);
        NDArray v1 = Scalars.add(v0, 1);

        // Corner order: (u0,v0), (u1,v0), (u0,v1), (u1,v1).
        NDArray weights = NDArrays.stack(new NDList(
                gu.mul(gv).mul(inside(u0, v0, r)),
                fu.mul(gv).mul(inside(u1, v0, r)),
                gu.mul(fv).mul(inside(u0, v1, r)),
                fu.mul(fv).mul(inside(u1, v1, r))), 3); // [B, M, 3, 4]

        // Row of plane p of sample k in the table: (k·3 + p)·R².
        NDArray base = manager.arange(0, (int) (b * 3), 1, DataType.INT64)
                .mul(manager.full(new Shape(), r * r, DataType.INT64))
                .reshape(b, 1, 3);
        NDArray iu0 = clampIndex(u0, r);
        NDArray iu1 = clampIndex(u1, r);
        NDArray rowStride = manager.full(new Shape(), r, DataType.INT64);
        NDArray iv0 = clampIndex(v0, r).mul(rowStride).add(base);
        NDArray iv1 = clampIndex(v1, r).mul(rowStride).add(base);
        NDArray index = NDArrays.stack(new NDList(
                iv0.add(iu0), iv0.add(iu1), iv1.add(iu0), iv1.add(iu1)), 3); // [B, M, 3, 4]

        NDArray flat = index.reshape(-1);
        NDArray rows = flat.getNDArrayInternal().embedding(flat, table.rows(), SparseFormat.DENSE).singletonOrThrow();
        // Weighted sum of the 12 rows as a batched [1 x 12]·[12 x C] product: no 12·C temporary.
        return weights.reshape(b * m, 1, 12).matMul(rows.reshape(b * m, 12, c)).reshape(b, m, c);
    }

    /** Continuous pixel coordinates (u, v) of every point on each plane: [B, M, 3, 2]. */
    static NDArray pixelCoordinates(NDArray points, long r) {
        NDList u = new NDList();
        NDList v = new NDList();
        for (int p = 0; p < 3; p++) {
            u.add(points.get(":, :, " + PLANE_U[p]));
            v.add(points.get(":, :, " + PLANE_V[p]));
        }
        NDArray uv = NDArrays.stack(new NDList(NDArrays.stack(u, 2), NDArrays.stack(v, 2)), 3);
        // align_corners = true: -1 → pixel 0, +1 → pixel R-1.
        return Scalars.mul(Scalars.add(uv, 1), (r - 1) / 2.0);
    }

    private static NDArray inside(NDArray u, NDArray v, long r) {
        float hi = r - 1;
        return u.gte(0f).logicalAnd(u.lte(hi)).logicalAnd(v.gte(0f)).logicalAnd(v.lte(hi))
                .toType(u.getDataType(), false);
    }

    private static NDArray clampIndex(NDArray coordinate, long r) {
        return coordinate.clip(0, r - 1).toType(DataType.INT64, false);
    }
}
