package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The learnable per-frame codes γ_t ∈ R^gammaDim (Sec. 3.1, as in NerFace), one row per training
 * frame, initialised to zero. Input: frame rows [B] (int64); output [B, gammaDim]. Only the rows
 * looked up receive gradient.
 */
public final class FrameLatents extends Tri2Block {

    private final int frames;
    private final int dim;
    private final Parameter table;

    public FrameLatents(int frames, int dim) {
        if (frames < 1) {
            throw new IllegalArgumentException("need at least one training frame, got " + frames);
        }
        this.frames = frames;
        this.dim = dim;
        table = parameter("gamma", Parameter.Type.WEIGHT, new Shape(frames, Math.max(dim, 1)), Initializer.ZEROS);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray rows = inputs.singletonOrThrow();
        NDArray t = value(ps, table, rows, training);
        return rows.getNDArrayInternal().embedding(rows, t, SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }

    /** Number of rows (training frames). */
    public int frameCount() {
        return frames;
    }

    /**
     * γ̄ [gammaDim], the mean of the training frames' codes γ_t: the code of every frame that has
     * none of its own (held-out, cross-reenacted, orbit). A new array of the table's manager.
     */
    public NDArray meanGamma() {
        return tableParameter().getArray().mean(new int[] {0});
    }

    /** The table parameter [frames, gammaDim]. */
    public Parameter tableParameter() {
        return table;
    }
}
