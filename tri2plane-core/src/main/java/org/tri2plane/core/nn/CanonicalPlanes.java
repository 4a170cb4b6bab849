package org.tri2plane.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One learned tri-plane per scale shared by all frames ({@code generator.canonicalPlanes}), which
 * the generator adds to the tri-planes it generates from the style: the static head is fitted
 * directly in the planes and the generator models what changes from frame to frame. Zero at
 * initialisation, so the model starts as the paper's. No inputs (an empty list or any, ignored);
 * outputs [1, 3, C, R_k, R_k] for each plane resolution R_k.
 */
public final class CanonicalPlanes extends Tri2Block {

    private final int channels;
    private final List<Integer> resolutions;
    private final List<Parameter> planes = new ArrayList<>();

    public CanonicalPlanes(int channels, List<Integer> resolutions) {
        this.channels = channels;
        this.resolutions = List.copyOf(resolutions);
        for (int k = 0; k < resolutions.size(); k++) {
            int r = resolutions.get(k);
            planes.add(parameter("phi" + k, Parameter.Type.WEIGHT, new Shape(1, 3, channels, r, r), Initializer.ZEROS));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = new NDList();
        for (Parameter p : planes) {
            out.add(ps.getValue(p, ps.getManager().getDevice(), training));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[resolutions.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = new Shape(1, 3, channels, resolutions.get(k), resolutions.get(k));
        }
        return out;
    }
}
