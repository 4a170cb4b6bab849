package org.tri2plane.tracking.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The tensor operations of TensorFlow semantics that the TFJS graph needs and DJL lacks or lays
 * out differently: TF's SAME/VALID padding, padding and cropping of NCHW arrays, zero-insertion
 * for transposed convolutions, the fused activations, and broadcasting a TF-layout tensor
 * against NCHW.
 */
final class TfjsOps {

    private TfjsOps() {}

    /** A TF-layout tensor that broadcasts against NHWC, rearranged to broadcast against NCHW. */
    static NDArray toNchwBroadcast(NDArray a) {
        Shape s = a.getShape();
        if (s.dimension() > 4) {
            throw new TfjsFormatException("cannot broadcast a " + s.dimension() + "-D tensor against NCHW");
        }
        long[] d = {1, 1, 1, 1};
        for (int i = 0; i < s.dimension(); i++) {
            d[4 - s.dimension() + i] = s.get(i);
        }
        return a.reshape(new Shape(d)).transpose(0, 3, 1, 2);
    }

    static NDArray activation(String op, NDArray x, NDArray alpha) {
        return switch (op) {
            case "Relu" -> Activation.relu(x);
            case "Relu6" -> x.clip(0, 6);
            case "Sigmoid" -> Activation.sigmoid(x);
            case "Prelu" -> prelu(x, alpha);
            default -> throw new TfjsFormatException("unsupported fused activation '" + op + "'");
        };
    }

    /** TF prelu: x for x ≥ 0, alpha·x below. */
    static NDArray prelu(NDArray x, NDArray alpha) {
        NDArray zero = x.getManager().zeros(new Shape(), x.getDataType());
        return x.maximum(zero).add(x.minimum(zero).mul(alpha));
    }

    /** TensorFlow's padding of one spatial axis: {before, after, output size}. */
    static long[] tfPadding(String padding, long in, long kernel, long stride, long dilation) {
        long k = (kernel - 1) * dilation + 1;
        if ("VALID".equals(padding)) {
            return new long[] {0, 0, (in - k) / stride + 1};
        }
        if (!"SAME".equals(padding)) {
            throw new TfjsFormatException("unsupported padding '" + padding + "'");
        }
        long out = (in + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + k - in, 0);
        return new long[] {total / 2, total - total / 2, out};
    }

    /** Pads [N, C, H, W] spatially with {@code value} (negative amounts crop). */
    static NDArray pad2d(NDArray x, long top, long bottom, long left, long right, float value) {
        x = padAxis(x, 2, top, bottom, value);
        return padAxis(x, 3, left, right, value);
    }

    /** Pads axis {@code axis} with {@code before}/{@code after} entries of {@code value}; negative amounts crop. */
    static NDArray padAxis(NDArray x, int axis, long before, long after, float value) {
        if (before < 0 || after < 0) {
            long len = x.getShape().get(axis);
            long from = Math.max(0, -before);
            long to = len - Math.max(0, -after);
            StringBuilder idx = new StringBuilder();
            for (int i = 0; i < axis; i++) {
                idx.append(":,");
            }
            idx.append(from).append(':').append(to);
            x = x.get(idx.toString());
            before = Math.max(0, before);
            after = Math.max(0, after);
        }
        if (before == 0 && after == 0) {
            return x;
        }
        NDList parts = new NDList();
        long[] shape = x.getShape().getShape().clone();
        if (before > 0) {
            shape[axis] = before;
            parts.add(x.getManager().full(new Shape(shape), value, x.getDataType()));
        }
        parts.add(x);
        if (after > 0) {
            shape[axis] = after;
            parts.add(x.getManager().full(new Shape(shape), value, x.getDataType()));
        }
        return NDArrays.concat(parts, axis);
    }

    /** Inserts (s − 1) zeros between neighbouring pixels: [N, C, H, W] → [N, C, (H−1)s+1, (W−1)s+1]. */
    static NDArray dilate(NDArray x, long sh, long sw) {
        if (sh == 1 && sw == 1) {
            return x;
        }
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        NDArray z = x.getManager().zeros(new Shape(s.get(0), s.get(1), h, sh, w, sw), x.getDataType());
        z.set(new ai.djl.ndarray.index.NDIndex(":, :, :, 0, :, 0"), x);
        return z.reshape(s.get(0), s.get(1), h * sh, w * sw).get(":, :, 0:" + ((h - 1) * sh + 1) + ", 0:" + ((w - 1) * sw + 1));
    }
}
