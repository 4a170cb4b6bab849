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

    /**
     * A closed lat-long sphere of radius {@code r} around {@code c}, {@code rings} x {@code segments}
     * quads: a stand-in face of a tracked face's size (18 x 26 gives 494 vertices and 936 triangles,
     * the 468 / 898 of MediaPipe's mesh) where no subject is at hand (the step benchmark).
     */
    public static FaceMesh sphere(double[] c, double r, int rings, int segments) {
        double[] v = new double[3 * (rings + 1) * segments];
        for (int i = 0; i <= rings; i++) {
            double theta = Math.PI * i / rings;
            for (int j = 0; j < segments; j++) {
                double phi = 2 * Math.PI * j / segments;
                int k = 3 * (i * segments + j);
                v[k] = c[0] + r * Math.sin(theta) * Math.cos(phi);
                v[k + 1] = c[1] + r * Math.cos(theta);
                v[k + 2] = c[2] + r * Math.sin(theta) * Math.sin(phi);
            }
        }
        int[] t = new int[6 * rings * segments];
        int at = 0;
        for (int i = 0; i < rings; i++) {
            for (int j = 0; j < segments; j++) {
                int a = i * segments + j;
                int b = i * segments + (j + 1) % segments;
                int d = (i + 1) * segments + j;
                int e = (i + 1) * segments + (j + 1) % segments;
                int[] quad = {a, b, d, b, e, d};
                System.arraycopy(quad, 0, t, at, 6);
                at += 6;
            }
        }
        return new FaceMesh(v, t);
    }

    /** Number of vertices. */
    public int vertexCount() {
        return vertices.length / 3;
    }
}
