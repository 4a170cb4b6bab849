package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.MappingConfig;

/**
 * Mapping MLP (paper: four layers) from the concatenation [embedding, β_t, γ_t] to the style w
 * that drives every modulated convolution. [B, in] → [B, styleDim].
 */
public final class MappingNetwork extends Tri2Block {

    private final List<DenseLayer> layers = new ArrayList<>();
    private final int styleDim;

    public MappingNetwork(int inputDim, MappingConfig config) {
        this.styleDim = config.styleDim();
        int d = inputDim;
        for (int i = 0; i < config.layers(); i++) {
            int out = i == config.layers() - 1 ? config.styleDim() : config.hiddenDim();
            layers.add(addChildBlock("fc" + i, new DenseLayer(d, out, Activation.LRELU)));
            d = out;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (DenseLayer layer : layers) {
            x = layer.apply(ps, training, x);
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), styleDim)};
    }
}
