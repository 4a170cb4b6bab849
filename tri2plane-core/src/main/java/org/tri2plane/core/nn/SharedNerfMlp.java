package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.FieldConfig;
import org.tri2plane.core.util.Scalars;

/**
 * The NeRF MLP shared by the three scales (Sec. 3.4): summed tri-plane features [M, C] → density
 * σ = softplus(raw − 1) [M, 1] and {@code featureChannels} features in (−0.001, 1.001) [M, F]
 * whose first three are RGB. With view frequencies > 0 (released code) the features also see a
 * positional encoding of the unit view direction (second input, [M, 3]).
 */
public final class SharedNerfMlp extends Tri2Block {

    private final FieldConfig config;
    private final DenseLayer trunk;
    private final DenseLayer densityHead;
    private final DenseLayer viewLayer;
    private final DenseLayer featureHead;

    public SharedNerfMlp(int inputChannels, FieldConfig config) {
        this.config = config;
        int h = config.hiddenDim();
        trunk = addChildBlock("trunk", new DenseLayer(inputChannels, h, Activation.SOFTPLUS));
        densityHead = addChildBlock("density", new DenseLayer(h, 1, Activation.NONE));
        if (config.viewFrequencies() > 0) {
            int enc = 3 + 6 * config.viewFrequencies();
            viewLayer = addChildBlock("view", new DenseLayer(h + enc, h, Activation.SOFTPLUS));
        } else {
            viewLayer = null;
        }
        featureHead = addChildBlock("features", new DenseLayer(h, config.featureChannels(), Activation.NONE));
    }

    /** True when the second input (view directions) is used. */
    public boolean usesViewDirections() {
        return viewLayer != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray h = trunk.apply(ps, training, x);
        NDArray raw = densityHead.apply(ps, training, h);
        if (training && config.densityNoiseStd() > 0) {
            raw = raw.add(raw.getManager().randomNormal(
                    0f, (float) config.densityNoiseStd(), raw.getShape(), raw.getDataType(), raw.getDevice()));
        }
        NDArray sigma = ai.djl.nn.Activation.softPlus(Scalars.sub(raw, 1));
        NDArray c = h;
        if (viewLayer != null) {
            c = viewLayer.apply(ps, training, h.concat(encode(inputs.get(1), config.viewFrequencies()), 1));
        }
        NDArray features = Scalars.sub(
                Scalars.mul(ai.djl.nn.Activation.sigmoid(featureHead.apply(ps, training, c)), 1 + 2e-3), 1e-3);
        return new NDList(sigma, features);
    }

    /** NeRF positional encoding: [d, sin(2^k π d), cos(2^k π d)] for k < frequencies. */
    static NDArray encode(NDArray d, int frequencies) {
        List<NDArray> parts = new ArrayList<>();
        parts.add(d);
        for (int k = 0; k < frequencies; k++) {
            NDArray a = Scalars.mul(d, Math.PI * (1 << k));
            parts.add(a.sin());
            parts.add(a.cos());
        }
        return ai.djl.ndarray.NDArrays.concat(new NDList(parts), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long m = inputShapes[0].get(0);
        return new Shape[] {new Shape(m, 1), new Shape(m, config.featureChannels())};
    }
}
