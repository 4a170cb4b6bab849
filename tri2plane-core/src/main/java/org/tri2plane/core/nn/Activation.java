package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import org.tri2plane.core.util.Scalars;

/** Activations used by the blocks; leaky ReLU carries StyleGAN2's √2 gain. */
public enum Activation {
    NONE,
    LRELU,
    SOFTPLUS;

    private static final float LRELU_GAIN = (float) Math.sqrt(2);

    /** Applies the activation; the result lives with {@code x}. */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case NONE -> x;
            case LRELU -> Scalars.mul(ai.djl.nn.Activation.leakyRelu(x, 0.2f), LRELU_GAIN);
            case SOFTPLUS -> ai.djl.nn.Activation.softPlus(x);
        };
    }
}
