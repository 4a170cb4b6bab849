package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.tri2plane.core.util.Scalars;

/**
 * Plain k x k convolution with "same" padding, optional stride 2, equalised learning rate and an
 * activation. Input [B, in, H, W] → [B, out, H/stride, W/stride].
 */
public final class ConvLayer extends Tri2Block {

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final float gain;
    private final Activation activation;
    private final Parameter weight;
    private final Parameter bias;

    public ConvLayer(int in, int out, int kernel, int stride, Activation activation) {
        this(in, out, kernel, stride, activation, false);
    }

    /**
     * A layer whose weight starts at zero when {@code zeroInit} (an output added as a residual
     * then starts as the identity; the weight still receives gradient) and ~N(0, 1) otherwise.
     */
    public ConvLayer(int in, int out, int kernel, int stride, Activation activation, boolean zeroInit) {
        if (kernel % 2 != 1) {
            throw new IllegalArgumentException("kernel must be odd, was " + kernel);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.activation = activation;
        this.gain = (float) (1 / Math.sqrt(in * kernel * kernel));
        weight = parameter(
                "weight", Parameter.Type.WEIGHT, new Shape(out, in, kernel, kernel),
                zeroInit ? Initializer.ZEROS : new NormalInitializer(1f));
        bias = parameter("bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = value(ps, weight, x, training);
        NDArray b = value(ps, bias, x, training);
        int pad = kernel / 2;
        NDArray y = Conv2d.conv2d(
                        x, local(w.mul(Scalars.of(x, gain)), x), b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
        return new NDList(activation.apply(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, ceilDiv(s.get(2), stride), ceilDiv(s.get(3), stride))};
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    public int inChannels() {
        return in;
    }
}
