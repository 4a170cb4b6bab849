package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.MappingConfig;
import org.tri2plane.core.util.Scalars;

/**
 * Mapping MLP (paper: four layers) from [embedding, β_t, γ_t] to the style w that drives every
 * modulated convolution, after StyleGAN2's mapping network: the condition embedding is normalised
 * to unit second moment per sample (StyleGAN2 does so for z and the embedded label) before it is
 * concatenated with β_t and γ_t, which keep their scale (β_t = 0 is the neutral expression, γ_t
 * starts at zero); the layers are leaky-ReLU dense layers with the config's learning-rate
 * multiplier. Inputs: embedding [B, E] and optionally further parts [B, *]; output [B, styleDim].
 */
public final class MappingNetwork extends Tri2Block {

    private final List<DenseLayer> layers = new ArrayList<>();
    private final int styleDim;

    public MappingNetwork(int inputDim, MappingConfig config) {
        this.styleDim = config.styleDim();
        int d = inputDim;
        for (int i = 0; i < config.layers(); i++) {
            int out = i == config.layers() - 1 ? config.styleDim() : config.hiddenDim();
            layers.add(addChildBlock("fc" + i,
                    new DenseLayer(d, out, Activation.LRELU, 0f, (float) config.lrMultiplier())));
            d = out;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList parts = new NDList(normaliseSecondMoment(inputs.get(0)));
        for (int i = 1; i < inputs.size(); i++) {
            parts.add(inputs.get(i));
        }
        NDArray x = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
        for (DenseLayer layer : layers) {
            x = layer.apply(ps, training, x);
        }
        return new NDList(x);
    }

    /** x / √(mean(x²) + 1e-8) over the last axis (StyleGAN2's normalize_2nd_moment). */
    static NDArray normaliseSecondMoment(NDArray x) {
        NDArray ms = Scalars.add(x.square().mean(new int[] {-1}, true), 1e-8);
        return x.mul(Scalars.pow(ms, -0.5));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), styleDim)};
    }
}
