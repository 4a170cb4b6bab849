package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.tri2plane.core.util.Scalars;

/**
 * Fully connected layer with equalised learning rate (StyleGAN2): weights are stored ~N(0, 1/m²)
 * and scaled by m/√in at run time, the bias stored as b/m and scaled by m, where m is the
 * learning-rate multiplier (1 unless given; StyleGAN2's mapping network uses 0.01). The layer
 * computes the same function at initialisation whatever m, while Adam moves its effective
 * parameters m times as fast. Input [..., in] → [..., out].
 */
public final class DenseLayer extends Tri2Block {

    private final int in;
    private final int out;
    private final float gain;
    private final float biasGain;
    private final Activation activation;
    private final Parameter weight;
    private final Parameter bias;

    public DenseLayer(int in, int out, Activation activation, float biasInit) {
        this(in, out, activation, biasInit, 1f);
    }

    /** A layer with learning-rate multiplier {@code lrMultiplier} (> 0). */
    public DenseLayer(int in, int out, Activation activation, float biasInit, float lrMultiplier) {
        if (!(lrMultiplier > 0)) {
            throw new IllegalArgumentException("learning-rate multiplier must be > 0, was " + lrMultiplier);
        }
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.gain = (float) (lrMultiplier / Math.sqrt(in));
        this.biasGain = lrMultiplier;
        weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(out, in), new NormalInitializer(1f / lrMultiplier));
        bias = parameter("bias", Parameter.Type.BIAS, new Shape(out), new ConstantInitializer(biasInit / lrMultiplier));
    }

    public DenseLayer(int in, int out, Activation activation) {
        this(in, out, activation, 0f);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = value(ps, weight, x, training);
        NDArray b = value(ps, bias, x, training);
        if (biasGain != 1f) {
            b = local(b.mul(Scalars.of(x, biasGain)), x);
        }
        NDArray y = Linear.linear(x, local(w.mul(Scalars.of(x, gain)), x), b).singletonOrThrow();
        return new NDList(activation.apply(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }
}
