package org.tri2plane.core.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Array-with-scalar arithmetic and host constants that are safe under autograd. DJL 0.29's {@code x.mul(2f)} (and
 * div, pow, add, sub with a Number) wraps the scalar in a PyTorch tensor that points at Java
 * memory ({@code from_blob}) and closes it right after the call; autograd keeps that tensor for
 * the backward pass (the gradient of x·c needs c), so once the JVM frees the buffer the backward
 * pass reads freed memory — rare, silent NaN or wrong gradients. Here the scalar is a
 * PyTorch-owned 0-d tensor ({@code torch::full}) that autograd keeps alive by reference.
 */
public final class Scalars {

    private Scalars() {}

    /** A PyTorch-owned 0-d tensor holding {@code v}, of {@code like}'s type and device. */
    public static NDArray of(NDArray like, double v) {
        return like.getManager().full(new Shape(), (float) v, like.getDataType(), like.getDevice());
    }

    /**
     * A PyTorch-owned copy of host values. {@code manager.create(float[])} wraps Java memory
     * ({@code from_blob}) that is freed once its array is closed and collected; any array autograd may
     * keep for the backward pass must own its storage, or it may be read after being freed.
     */
    public static NDArray constant(NDManager manager, float[] values, Shape shape) {
        NDArray view = manager.create(values, shape);
        NDArray owned = view.duplicate();
        view.close();
        return owned;
    }

    /** x · v */
    public static NDArray mul(NDArray x, double v) {
        return x.mul(of(x, v));
    }

    /** x / v */
    public static NDArray div(NDArray x, double v) {
        return x.div(of(x, v));
    }

    /** x + v */
    public static NDArray add(NDArray x, double v) {
        return x.add(of(x, v));
    }

    /** x − v */
    public static NDArray sub(NDArray x, double v) {
        return x.sub(of(x, v));
    }

    /** v − x */
    public static NDArray rsub(double v, NDArray x) {
        return of(x, v).sub(x);
    }

    /** x ^ v */
    public static NDArray pow(NDArray x, double v) {
        return x.pow(of(x, v));
    }
}
