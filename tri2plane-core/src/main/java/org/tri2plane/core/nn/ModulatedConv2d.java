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
 * StyleGAN2 modulated convolution. A per-sample style s = A(w) scales the input channels of the
 * weight, w'_{o,i} = g · W_{o,i} · s_i with g = 1/√(in·k²); with demodulation each output filter is
 * then normalised, w''_{o,i} = w'_{o,i} / √(Σ_{i,k} w'² + 1e-8). The batch runs as one grouped
 * convolution (one group per sample). Inputs: x [B, in, H, W] and w [B, styleDim].
 */
public final class ModulatedConv2d extends Tri2Block {

    private static final float DEMOD_EPS = 1e-8f;

    private final int in;
    private final int out;
    private final int kernel;
    private final boolean demodulate;
    private final Activation activation;
    private final float gain;
    private final DenseLayer affine;
    private final Parameter weight;
    private final Parameter bias;

    public ModulatedConv2d(int styleDim, int in, int out, int kernel, boolean demodulate, Activation activation) {
        if (kernel % 2 != 1) {
            throw new IllegalArgumentException("kernel must be odd, was " + kernel);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.demodulate = demodulate;
        this.activation = activation;
        this.gain = (float) (1 / Math.sqrt(in * kernel * kernel));
        affine = addChildBlock("affine", new DenseLayer(styleDim, in, Activation.NONE, 1f));
        weight = parameter(
                "weight", Parameter.Type.WEIGHT, new Shape(out, in, kernel, kernel), new NormalInitializer(1f));
        bias = parameter("bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray w = inputs.get(1);
        long b = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDArray styles = affine.apply(ps, training, w); // [B, in]
        NDArray base = value(ps, weight, x, training); // [out, in, k, k]
        NDArray wgt = Scalars.mul(styles.reshape(b, 1, in, 1, 1), gain).mul(base); // [B, out, in, k, k]
        if (demodulate) {
            NDArray d = Scalars.pow(Scalars.add(wgt.square().sum(new int[] {2, 3, 4}), DEMOD_EPS), -0.5); // [B, out]
            wgt = wgt.mul(d.reshape(b, out, 1, 1, 1));
        }
        int pad = kernel / 2;
        NDArray y = Conv2d.conv2d(
                        x.reshape(1, b * in, h, wd),
                        wgt.reshape(b * out, in, kernel, kernel),
                        null,
                        new Shape(1, 1),
                        new Shape(pad, pad),
                        new Shape(1, 1),
                        (int) b)
                .singletonOrThrow()
                .reshape(b, out, h, wd);
        y = y.add(local(value(ps, bias, x, training).reshape(1, out, 1, 1), x));
        return new NDList(activation.apply(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3))};
    }

    /** Applies the layer to feature map {@code x} with styles from {@code w}. */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray w, boolean training) {
        return forward(ps, new NDList(x, w), training).singletonOrThrow();
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernel() {
        return kernel;
    }

    public boolean demodulates() {
        return demodulate;
    }

    /** The style affine A (w → per-input-channel scales, bias initialised to 1). */
    public DenseLayer affine() {
        return affine;
    }

    /** The raw (unscaled) weight parameter [out, in, k, k]. */
    public Parameter weightParameter() {
        return weight;
    }

    /** The bias parameter [out]. */
    public Parameter biasParameter() {
        return bias;
    }
}
