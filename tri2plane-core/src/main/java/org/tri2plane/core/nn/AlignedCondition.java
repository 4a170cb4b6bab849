package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.geometry.Box;
import org.tri2plane.core.util.Scalars;

/**
 * Spatially aligned conditioning ({@code encoder.alignedChannels}; ours, not the paper's). The
 * condition image I_t is an orthographic front view of the expression mesh over a canonical
 * rectangle (the subject's {@code conditionFraming}), so its pixels line up with the XY plane of
 * the tri-planes. Two 3x3 convs turn I_t into features; per plane resolution R_k a 1x1 conv maps
 * them to the planes' C channels, and they are resampled onto the R_k² grid of the box's XY
 * extent (bilinear, zero outside the framing) and added to Φ_k's XY plane. An open mouth in I_t
 * then changes the features exactly where the mouth is, instead of reaching the planes only
 * through one global style vector. The 1x1 convs start at zero, so at initialisation the model
 * renders exactly as without this block. Input I_t [B, 6, S, S]; outputs [B, C, R_k, R_k] per
 * resolution.
 */
public final class AlignedCondition extends Tri2Block {

    private final List<ConvLayer> trunk = new ArrayList<>();
    private final List<ConvLayer> heads = new ArrayList<>();
    private final List<Integer> resolutions;
    private final int planeChannels;
    private final Box box;

    /** A block for {@code box}'s XY extent, with {@code channels} feature channels. */
    public AlignedCondition(int conditionChannels, int channels, int planeChannels, List<Integer> resolutions, Box box) {
        this.resolutions = List.copyOf(resolutions);
        this.box = box;
        this.planeChannels = planeChannels;
        trunk.add(addChildBlock("conv0", new ConvLayer(conditionChannels, channels, 3, 1, Activation.LRELU)));
        trunk.add(addChildBlock("conv1", new ConvLayer(channels, channels, 3, 1, Activation.LRELU)));
        for (int k = 0; k < resolutions.size(); k++) {
            heads.add(addChildBlock("head" + k, new ConvLayer(channels, planeChannels, 1, 1, Activation.NONE, true)));
        }
    }

    /**
     * The XY-plane features of condition images {@code condition} [B, 6, S, S] showing the canonical
     * rectangle {@code framing} {x0, y0, x1, y1}, on the XY grids of {@code box} at every plane
     * resolution: [B, C, R_k, R_k] each (rows along y, columns along x, as the sampler reads plane 0).
     */
    public NDList place(ParameterStore ps, NDArray condition, double[] framing, boolean training) {
        if (framing == null || framing.length != 4 || !(framing[2] > framing[0]) || !(framing[3] > framing[1])) {
            throw new IllegalArgumentException("aligned conditioning needs the condition maps' canonical rectangle"
                    + " {x0, y0, x1, y1} (the subject's conditionFraming), got " + java.util.Arrays.toString(framing));
        }
        float[] f = {(float) framing[0], (float) framing[1], (float) framing[2], (float) framing[3]};
        return forward(ps, new NDList(condition, condition.getManager().create(f)), training);
    }

    /** Inputs: I_t [B, 6, S, S] and the framing {x0, y0, x1, y1} [4]; outputs as {@link #place}. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        float[] framing = inputs.get(1).toFloatArray();
        NDArray x = inputs.get(0);
        for (ConvLayer conv : trunk) {
            x = conv.apply(ps, training, x);
        }
        long s = x.getShape().get(2);
        NDManager m = x.getManager();
        NDList out = new NDList();
        for (int k = 0; k < resolutions.size(); k++) {
            int r = resolutions.get(k);
            NDArray f = heads.get(k).apply(ps, training, x); // [B, C, S, S]
            NDArray ax = Scalars.constant(m, placement(r, (int) s, framing[0], framing[2], box.min().get(0), box.max().get(0)),
                    new Shape(r, s));
            NDArray ay = Scalars.constant(m, placement(r, (int) s, framing[1], framing[3], box.min().get(1), box.max().get(1)),
                    new Shape(r, s));
            // rows: Ay · F, columns: · Axᵀ → [B, C, R, R]
            out.add(ay.matMul(f).matMul(ax.transpose()));
        }
        return out;
    }

    /**
     * A condition framing like the tracked sample subjects' (the mean face's x-y bounds with a
     * margin, in canonical units), for benchmarks and tests on synthetic data.
     */
    public static double[] typicalFraming() {
        return new double[] {-1.25, -1.2, 1.25, 1.3};
    }

    /**
     * The planes a model gives with aligned features {@code xy}: added to their XY planes, or, when
     * the model warps its sample points ({@code warped}), after the three planes, to be read where a
     * point is in the frame.
     */
    public static NDList join(NDList planes, NDList xy, boolean warped) {
        if (!warped) {
            return addToXyPlanes(planes, xy);
        }
        NDList out = new NDList(planes);
        out.addAll(xy);
        return out;
    }

    /** The shapes {@link #join} gives for planes of {@code planes}' shapes: the features [B, C, R, R] after them when warped. */
    public static Shape[] joinedShapes(Shape[] planes, boolean warped) {
        if (!warped) {
            return planes;
        }
        Shape[] out = java.util.Arrays.copyOf(planes, 2 * planes.length);
        for (int k = 0; k < planes.length; k++) {
            Shape s = planes[k];
            out[planes.length + k] = new Shape(s.get(0), s.get(2), s.get(3), s.get(4));
        }
        return out;
    }

    /** {@code planes} (Φ_k [B, 3, C, R, R] per resolution) with {@code xy} added to their XY planes. */
    public static NDList addToXyPlanes(NDList planes, NDList xy) {
        NDList out = new NDList();
        for (int k = 0; k < planes.size(); k++) {
            NDArray phi = planes.get(k);
            NDArray f = xy.get(k);
            Shape s = phi.getShape();
            NDArray rest = f.getManager().zeros(new Shape(s.get(0), 2, s.get(2), s.get(3), s.get(4)), f.getDataType(), f.getDevice());
            out.add(phi.add(NDArrays.concat(new NDList(f.expandDims(1), rest), 1)));
        }
        return out;
    }

    /**
     * The bilinear resampling matrix [r, s] along one axis: row i samples the s condition pixels
     * (pixel j's centre at f0 + (j + ½)·(f1 − f0)/s) at the plane's coordinate b0 + i·(b1 − b0)/(r − 1)
     * (align_corners = true, the sampler's convention); weight that would fall on a pixel outside
     * [0, s) is dropped (zero padding), so a plane position outside the framing reads zero.
     */
    static float[] placement(int r, int s, double f0, double f1, double b0, double b1) {
        float[] w = new float[r * s];
        for (int i = 0; i < r; i++) {
            double coord = r == 1 ? (b0 + b1) / 2 : b0 + i * (b1 - b0) / (r - 1);
            double u = (coord - f0) / (f1 - f0) * s - 0.5;
            int lo = (int) Math.floor(u);
            double frac = u - lo;
            if (lo >= 0 && lo < s) {
                w[i * s + lo] += (float) (1 - frac);
            }
            if (lo + 1 >= 0 && lo + 1 < s) {
                w[i * s + lo + 1] += (float) frac;
            }
        }
        return w;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[resolutions.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = new Shape(inputShapes[0].get(0), planeChannels, resolutions.get(k), resolutions.get(k));
        }
        return out;
    }
}
