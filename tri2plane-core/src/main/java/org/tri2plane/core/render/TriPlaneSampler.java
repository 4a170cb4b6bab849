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
 * from one embedding lookup into the planes laid out as a table of rows; gradients flow to the
 * planes through it. The table carries a one-pixel border of zeros around every plane, so a
 * corner outside a plane reads zero without a validity mask (grid_sample's zero padding).
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
     * Tri-planes laid out for lookup: {@code rows} [B·3·(R+2)², C], plane p of sample k
     * zero-bordered to (R+2)² at rows (k·3 + p)·(R+2)² …. Build it once per tri-plane and step;
     * every render of that tri-plane reuses it. {@code warp}, when not null, is the batch's
     * expression warp laid out as a front view ({@link #frontTable}): the renderer moves every
     * sample point back by it before reading these planes; {@code observed}, when not null, holds
     * front-view features ({@link #frontTable}, C channels) that the renderer reads at the point
     * itself, before the warp, and adds.
     */
    public record PlaneTable(NDArray rows, long batch, long channels, long resolution, PlaneTable warp, PlaneTable observed) {

        /** A table without a warp. */
        public PlaneTable(NDArray rows, long batch, long channels, long resolution) {
            this(rows, batch, channels, resolution, null, null);
        }

        /**
         * This table with the expression warp {@code warp} (a table of 3 channels, one per batch
         * element) and the features read before it, {@code observed} (null: none).
         */
        public PlaneTable withWarp(PlaneTable warp, PlaneTable observed) {
            if (warp != null && (warp.batch() != batch || warp.channels() != 3)) {
                throw new IllegalArgumentException("the warp must have 3 channels for each of the " + batch + " tri-planes, got "
                        + warp.channels() + " for " + warp.batch());
            }
            if (observed != null && (observed.batch() != batch || observed.channels() != channels)) {
                throw new IllegalArgumentException("the features read before the warp must have the planes' " + channels
                        + " channels for each of the " + batch + " tri-planes, got " + observed.channels() + " for "
                        + observed.batch());
            }
            return new PlaneTable(rows, batch, channels, resolution, warp, observed);
        }

        /** Side of a plane in the table, border included. */
        public long paddedSide() {
            return resolution + 2;
        }

        /** Planes per batch element: 3 for a tri-plane, 1 for a front-view field ({@link #frontTable}). */
        public int planeCount() {
            return (int) (rows.getShape().get(0) / (batch * paddedSide() * paddedSide()));
        }
    }

    /** Lays out {@code planes} [B, 3, C, R, R] for {@link #sample(PlaneTable, NDArray)}. */
    public PlaneTable table(NDArray planes) {
        Shape ps = planes.getShape();
        if (ps.dimension() != 5 || ps.get(1) != 3 || ps.get(3) != ps.get(4)) {
            throw new IllegalArgumentException("planes must be [B, 3, C, R, R], got " + ps);
        }
        return layout(planes);
    }

    /**
     * Lays out a front-view field {@code xy} [B, C, R, R] (rows along y, columns along x) as a
     * table of one plane, the XY plane: sampling it at a point reads the field at the point's (x, y).
     */
    public PlaneTable frontTable(NDArray xy) {
        Shape s = xy.getShape();
        if (s.dimension() != 4 || s.get(2) != s.get(3)) {
            throw new IllegalArgumentException("a front-view field must be [B, C, R, R], got " + s);
        }
        return layout(xy.expandDims(1));
    }

    /** Zero-bordered rows of planes [B, P, C, R, R]. */
    private static PlaneTable layout(NDArray planes) {
        Shape ps = planes.getShape();
        long b = ps.get(0);
        long n = ps.get(1);
        long c = ps.get(2);
        long r = ps.get(3);
        NDManager m = planes.getManager();
        NDArray hwc = planes.transpose(0, 1, 3, 4, 2); // [B, P, R, R, C]
        NDArray side = m.zeros(new Shape(b, n, r, 1, c), planes.getDataType(), planes.getDevice());
        NDArray wide = NDArrays.concat(new NDList(side, hwc, side), 3); // [B, P, R, R+2, C]
        NDArray top = m.zeros(new Shape(b, n, 1, r + 2, c), planes.getDataType(), planes.getDevice());
        NDArray padded = NDArrays.concat(new NDList(top, wide, top), 2); // [B, P, R+2, R+2, C]
        return new PlaneTable(padded.reshape(b * n * (r + 2) * (r + 2), c), b, c, r);
    }

    /**
     * Points [B, M, 3] (normalised box coordinates) moved back by the expression warp of {@code
     * table}: p − D(p_x, p_y), where the mean face holds what p shows in the frame; the points
     * themselves when the table has no warp.
     */
    public NDArray unwarp(PlaneTable table, NDArray points) {
        return table.warp() == null ? points : points.sub(sample(table.warp(), points));
    }

    /**
     * The features of {@code table} at {@code points} [B, M, 3] as the renderer reads them: the
     * planes at the points moved back by the table's warp ({@link #unwarp}), plus its observed
     * features at the points themselves when it has them.
     */
    public NDArray sampleWarped(PlaneTable table, NDArray points) {
        NDArray features = sample(table, unwarp(table, points));
        return table.observed() == null ? features : features.add(sample(table.observed(), points));
    }

    /**
     * Samples {@code planes} [B, 3, C, R, R] at {@code points} [B, M, 3] given in the box's
     * normalised coordinates [-1, 1]; returns [B, M, C]. Points outside contribute zero.
     */
    public NDArray sample(NDArray planes, NDArray points) {
        return sample(table(planes), points);
    }

    /**
     * Points per batch element sampled in one pass. Larger sets are sampled in chunks and
     * concatenated: the gathered corner rows (12·C values per point) and their weighted product
     * stay around 100 MB each per pass at C = 32, so a render's largest temporaries are bounded
     * whatever its size, and one chunk's freed memory serves the next.
     */
    public static final long POINTS_PER_PASS = 1L << 16;

    /** Samples a prepared table at {@code points} [B, M, 3]; returns [B, M, C]. */
    public NDArray sample(PlaneTable table, NDArray points) {
        Shape qs = points.getShape();
        if (qs.dimension() == 3 && qs.get(1) > POINTS_PER_PASS) {
            long m = qs.get(1);
            NDList parts = new NDList();
            for (long from = 0; from < m; from += POINTS_PER_PASS) {
                long to = Math.min(m, from + POINTS_PER_PASS);
                try (NDArray chunk = points.get(":, " + from + ":" + to)) {
                    parts.add(samplePass(table, chunk));
                }
            }
            NDArray out = NDArrays.concat(parts, 1);
            parts.close();
            return out;
        }
        return samplePass(table, points);
    }

    /** One pass of {@link #sample(PlaneTable, NDArray)} over all of {@code points}. */
    private NDArray samplePass(PlaneTable table, NDArray points) {
        long b = table.batch();
        long c = table.channels();
        long r = table.resolution();
        Shape qs = points.getShape();
        if (qs.dimension() != 3 || qs.get(0) != b || qs.get(2) != 3) {
            throw new IllegalArgumentException("points must be [" + b + ", M, 3], got " + qs);
        }
        long m = qs.get(1);
        NDManager manager = points.getManager();
        // Everything below keeps the M points on the innermost axis, so that every elementwise and
        // broadcast operator runs over long contiguous rows (an innermost axis of 2 or 3 makes
        // PyTorch's CPU kernels step element by element).

        // Pixel coordinates [B, 2P, M], rows (u, v) of plane 0 (, 1, 2), align_corners = true (-1 → 0,
        // +1 → R-1), as one product with a selection matrix; clamped into the zero border [-1, R].
        int n = table.planeCount();
        int corners = 4 * n;
        double k = (r - 1) / 2.0;
        NDArray p = selection(manager, points.getDataType(), k, n).matMul(points.transpose(0, 2, 1))
                .add(Scalars.of(points, k))
                .clip(-1, r);
        NDArray lo = p.floor();
        NDArray frac = p.sub(lo);
        // Linear weights of the low and high neighbour: [B, P planes, (u, v), (low, high), M].
        NDArray axisWeights = NDArrays.stack(new NDList(Scalars.rsub(1, frac), frac), 2).reshape(b, n, 2, 2, m);
        // Corner weights [B, P, (v0, v1), (u0, u1), M] = [B, 4P, M] in (plane, v, u) order.
        NDArray weights = axisWeights.get(":, :, 1").expandDims(3)
                .mul(axisWeights.get(":, :, 0").expandDims(2))
                .reshape(b, corners, m, 1);

        NDArray index = cornerRows(table, lo, m, n);

        NDArray flat = index.reshape(-1);
        NDArray rows = flat.getNDArrayInternal().embedding(flat, table.rows(), SparseFormat.DENSE).singletonOrThrow()
                .reshape(b, corners, m, c);
        // Weighted sum over the 4P corners: a product and a sum over an outer axis, both over
        // contiguous [M, C] slabs (and so is their backward pass). The gathered rows are the
        // largest array of a render (12·M·C); they are weighted in place (nothing else holds them,
        // and the product's backward needs only the weights, which carry no gradient), which saves
        // a second array of that size and about a third of the read's time, and freed here rather
        // than when the render's scope ends.
        NDArray out = rows.muli(weights).sum(new int[] {1});
        rows.close();
        return out;
    }

    /**
     * The table row of each corner [B, P, (v0, v1), (u0, u1), M] (int64) of the low neighbours
     * {@code lo} [B, 2P, M] (pixel coordinates, floored) of a table of {@code n} = P planes.
     */
    private static NDArray cornerRows(PlaneTable table, NDArray lo, long m, int n) {
        long b = table.batch();
        long r = table.resolution();
        long side = table.paddedSide();
        NDManager manager = lo.getManager();
        // Border-shifted neighbours 0 … R+1: [B, P, (u, v), (low, high), M], and the table row of
        // each corner, (k·P + p)·(R+2)² + v·(R+2) + u, in the same (plane, v, u) order. Computed in
        // the points' floating type (integers below 2^24 are exact in float32, half the memory
        // traffic of int64), converted once.
        long tableRows = b * n * side * side;
        DataType indexType = tableRows < (1L << 24) ? lo.getDataType() : DataType.INT64;
        NDArray low = Scalars.add(lo, 1).toType(indexType, false);
        NDArray high = low.add(manager.full(new Shape(), 1, indexType))
                .minimum(manager.full(new Shape(), r + 1, indexType));
        NDArray idx = NDArrays.stack(new NDList(low, high), 2).reshape(b, n, 2, 2, m);
        NDArray base = manager.arange(0, (int) (b * n), 1, DataType.INT64)
                .mul(manager.full(new Shape(), side * side, DataType.INT64))
                .toType(indexType, false)
                .reshape(b, n, 1, 1);
        NDArray index = idx.get(":, :, 1").mul(manager.full(new Shape(), side, indexType))
                .add(base).expandDims(3)
                .add(idx.get(":, :, 0").expandDims(2))
                .toType(DataType.INT64, false); // [B, P, 2, 2, M]
        return index;
    }

    /** [2P, 3] matrix taking (x, y, z) to k·(u, v) of each of the first P planes, in plane order. */
    private static NDArray selection(NDManager manager, DataType type, double k, int planes) {
        float[] s = new float[6 * planes];
        for (int plane = 0; plane < planes; plane++) {
            s[(2 * plane) * 3 + PLANE_U[plane]] = (float) k;
            s[(2 * plane + 1) * 3 + PLANE_V[plane]] = (float) k;
        }
        return Scalars.constant(manager, s, new Shape(2 * planes, 3)).toType(type, false);
    }
}
