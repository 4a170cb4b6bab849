package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.ConditionConfig;
import org.tri2plane.core.config.EncoderConfig;

/**
 * Encoder of the condition image I_t (Sec. 3.4: "two concatenated 2D convolution blocks"): each
 * block is a 3x3 conv and a stride-2 3x3 conv; the result is average-pooled to a small grid,
 * flattened and projected to the embedding. [B, 6, S, S] → [B, embeddingDim].
 */
public final class ConditionEncoder extends Tri2Block {

    private final List<ConvLayer> convs = new ArrayList<>();
    private final DenseLayer project;
    private final int inputSize;
    private final int pooled;
    private final int embeddingDim;

    public ConditionEncoder(ConditionConfig condition, EncoderConfig config) {
        this.inputSize = condition.size();
        this.pooled = config.pooledSize();
        this.embeddingDim = config.embeddingDim();
        int c = condition.channels();
        int i = 0;
        for (int out : config.channels()) {
            convs.add(addChildBlock("block" + i + "_conv", new ConvLayer(c, out, 3, 1, Activation.LRELU)));
            convs.add(addChildBlock("block" + i + "_down", new ConvLayer(out, out, 3, 2, Activation.LRELU)));
            c = out;
            i++;
        }
        project = addChildBlock(
                "project", new DenseLayer(c * pooled * pooled, embeddingDim, Activation.LRELU));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (ConvLayer conv : convs) {
            x = conv.apply(ps, training, x);
        }
        long size = x.getShape().get(2);
        if (size != pooled) {
            int f = (int) (size / pooled);
            x = Pool.avgPool2d(x, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true);
        }
        x = x.reshape(x.getShape().get(0), -1);
        return new NDList(project.apply(ps, training, x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDim)};
    }

    /** Expected input side length. */
    public int inputSize() {
        return inputSize;
    }
}
