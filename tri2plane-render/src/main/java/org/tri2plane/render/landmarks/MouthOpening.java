package org.tri2plane.render.landmarks;

/**
 * How far a face opens its mouth, from the 68 F-LMD landmarks of our tracker or from MediaPipe's
 * 468 vertices: the distance of the inner lips' midpoints (points 62 and 66, vertices 13 and 14)
 * over the distance of the outer eye corners (36 and 45, vertices 33 and 263), in the image (x,
 * y), so that it does not depend on the face's size. About 0 for a closed mouth, 0.3-0.5 for a
 * wide laugh.
 */
public final class MouthOpening {

    /**
     * The floor of a reference's motion: one whose opening varies less (standard deviation; franck's
     * 120 tracked frames: 0.042, the paper's held-out split: 0.005, a ±40° orbit of one expression:
     * 0.002) does not move enough for a gain or correlation to say anything: the avatar's opening
     * read by our tracker scatters by about 0.003 on views of one fixed expression.
     */
    public static final double MOTION_FLOOR = 0.01;

    private static final int UPPER_INNER_LIP = 62;
    private static final int LOWER_INNER_LIP = 66;
    private static final int RIGHT_EYE_OUTER = 36;
    private static final int LEFT_EYE_OUTER = 45;
    private static final int MESH_VERTICES = 468;
    private static final int MESH_UPPER_INNER_LIP = 13;
    private static final int MESH_LOWER_INNER_LIP = 14;
    private static final int MESH_RIGHT_EYE_OUTER = 33;
    private static final int MESH_LEFT_EYE_OUTER = 263;

    private MouthOpening() {}

    /** The opening of 68 landmarks (x, y pairs); NaN for null. */
    public static double of(double[] points68) {
        if (points68 == null) {
            return Double.NaN;
        }
        if (points68.length != 2 * Landmarks68.COUNT) {
            throw new IllegalArgumentException("68 landmarks have 136 values, got " + points68.length);
        }
        double eyes = distance(points68, RIGHT_EYE_OUTER, LEFT_EYE_OUTER);
        return eyes > 0 ? distance(points68, UPPER_INNER_LIP, LOWER_INNER_LIP) / eyes : Double.NaN;
    }

    /**
     * The opening of a 468-vertex MediaPipe mesh ({@code stride} values a vertex, x and y first: 3
     * for x, y, z triples), e.g. a tracked face or the subject's shape for some β; NaN for null.
     */
    public static double ofMesh(double[] vertices, int stride) {
        if (vertices == null) {
            return Double.NaN;
        }
        if (stride < 2 || vertices.length != stride * MESH_VERTICES) {
            throw new IllegalArgumentException("a face mesh has " + MESH_VERTICES + " vertices of " + stride + " values, got "
                    + vertices.length + " values");
        }
        double eyes = distance(vertices, stride, MESH_RIGHT_EYE_OUTER, MESH_LEFT_EYE_OUTER);
        return eyes > 0 ? distance(vertices, stride, MESH_UPPER_INNER_LIP, MESH_LOWER_INNER_LIP) / eyes : Double.NaN;
    }

    private static double distance(double[] p, int a, int b) {
        return distance(p, 2, a, b);
    }

    private static double distance(double[] p, int stride, int a, int b) {
        return Math.hypot(p[stride * a] - p[stride * b], p[stride * a + 1] - p[stride * b + 1]);
    }
}
