package org.tri2plane.core.geometry;

/**
 * The tracked face of one frame as a triangle mesh in canonical space: {@code vertices} (x, y, z
 * interleaved, S̄ + B·β_t of the subject's morphable model) and {@code triangles} (vertex index
 * triples). Training casts its rays against it for the depth the face sits at.
 */
public record FaceMesh(double[] vertices, int[] triangles) {

    public FaceMesh {
        if (vertices.length % 3 != 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("vertices and triangles come in triples, got " + vertices.length + " and "
                    + triangles.length + " values");
        }
        for (int i : triangles) {
            if (i < 0 || 3 * i >= vertices.length) {
                throw new IllegalArgumentException("triangle vertex " + i + " is not one of the " + vertices.length / 3 + " vertices");
            }
        }
    }

    /** The mesh S̄ + Σ_k β_k·B_k of a linear model (mean and components interleaved as {@code vertices}). */
    public static FaceMesh of(double[] mean, double[][] basis, double[] beta, int[] triangles) {
        double[] v = mean.clone();
        for (int k = 0; k < Math.min(beta.length, basis.length); k++) {
            double b = beta[k];
            for (int i = 0; i < v.length; i++) {
                v[i] += b * basis[k][i];
            }
        }
        return new FaceMesh(v, triangles);
    }

    /** Number of vertices. */
    public int vertexCount() {
        return vertices.length / 3;
    }
}
