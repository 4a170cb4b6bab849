package org.tri2plane.core.subject;

/**
 * {@code morphable_model.json}: the subject's model (S̄, B with orthonormal columns, σ per
 * coefficient) over MediaPipe's topology, with its triangles and texture coordinates. The tracker
 * builds its fitting model from it ({@code PcaMorphableModel.of(file)}).
 */
public record MorphableModelFile(int vertices, int expressionDim, double[] mean, double[][] basis, double[] std,
        int[] triangles, double[] uv) {}
