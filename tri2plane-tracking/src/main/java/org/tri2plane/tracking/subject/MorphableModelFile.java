package org.tri2plane.tracking.subject;

import org.tri2plane.tracking.fit.PcaMorphableModel;

/**
 * {@code morphable_model.json}: the subject's model (S̄, B with orthonormal columns, σ per
 * coefficient) over MediaPipe's topology, with its triangles and texture coordinates.
 */
public record MorphableModelFile(int vertices, int expressionDim, double[] mean, double[][] basis, double[] std,
        int[] triangles, double[] uv) {

    public PcaMorphableModel model() {
        return new PcaMorphableModel(mean, basis, std);
    }

    public static MorphableModelFile of(PcaMorphableModel m, int[] triangles, double[] uv) {
        return new MorphableModelFile(m.vertexCount(), m.expressionCount(), m.mean(), m.basis(), m.std(), triangles, uv);
    }
}
