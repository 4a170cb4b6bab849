package org.tri2plane.render.landmarks;

/**
 * The 68 facial landmarks of F-LMD as a subset of the 468 MediaPipe face-mesh vertices, in the
 * order of the classic 68-point (iBUG/dlib) layout: jaw 0-16 (subject's right ear to left ear),
 * brows 17-26, nose bridge 27-30, nose base 31-35, eyes 36-47 (outer corner first, clockwise in
 * the image), outer lips 48-59, inner lips 60-67 (docs/evaluation.md shows them on a frame).
 *
 * <p>How the subset was chosen: each 68-point contour was traced as a path of mesh edges (the face
 * oval from vertex 127 through the chin 152 to 356, each eyelid from corner to corner, each lip
 * contour from corner to corner, the nose ridge 168 → 4) and its points were placed at equal
 * arc length along that path on MediaPipe's canonical face, taking the nearest vertex. Brows use
 * the upper brow contour; the nose base uses the alar base and the subnasale. Tests check that
 * every contour is a path of mesh edges, that the subset is exactly that arc-length resampling,
 * and that it is left-right symmetric on the canonical face.
 */
public final class Landmarks68 {

    /** Number of landmarks. */
    public static final int COUNT = 68;

    private static final int[] MEDIAPIPE = {
        // jaw 0-16
        127, 234, 132, 58, 172, 136, 150, 176, 152, 400, 379, 365, 397, 288, 361, 454, 356,
        // right brow 17-21 (outer to inner), left brow 22-26 (inner to outer)
        70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
        // nose bridge 27-30, nose base 31-35
        168, 197, 195, 4, 98, 97, 2, 326, 327,
        // right eye 36-41, left eye 42-47
        33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380,
        // outer lips 48-59
        61, 40, 37, 0, 267, 270, 291, 321, 314, 17, 84, 91,
        // inner lips 60-67
        78, 81, 13, 311, 308, 402, 14, 178,
    };

    /** Mirror partner of each of the 68 points (itself on the midline). */
    private static final int[] MIRROR = new int[COUNT];

    static {
        for (int i = 0; i <= 16; i++) {
            MIRROR[i] = 16 - i;
        }
        for (int i = 17; i <= 26; i++) {
            MIRROR[i] = 43 - i;
        }
        for (int i = 27; i <= 30; i++) {
            MIRROR[i] = i;
        }
        for (int i = 31; i <= 35; i++) {
            MIRROR[i] = 66 - i;
        }
        int[][] eyes = {{36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46}};
        int[][] lips = {{48, 54}, {49, 53}, {50, 52}, {51, 51}, {55, 59}, {56, 58}, {57, 57}, {60, 64}, {61, 63}, {62, 62},
            {65, 67}, {66, 66}};
        for (int[][] pairs : new int[][][] {eyes, lips}) {
            for (int[] p : pairs) {
                MIRROR[p[0]] = p[1];
                MIRROR[p[1]] = p[0];
            }
        }
    }

    private Landmarks68() {}

    /** The mesh vertex of each of the 68 points. */
    public static int[] meshIndices() {
        return MEDIAPIPE.clone();
    }

    /** The left-right partner of point {@code i} (0-67). */
    public static int mirror(int i) {
        return MIRROR[i];
    }

    /**
     * The 68 points (x, y interleaved, 136 values) of a mesh given as {@code stride} values per
     * vertex (2 for x, y; 3 for x, y, z), multiplied by {@code scale}.
     */
    public static double[] select(double[] mesh, int stride, double scale) {
        if (mesh.length != 468 * stride) {
            throw new IllegalArgumentException("expected 468 x " + stride + " mesh values, got " + mesh.length);
        }
        double[] out = new double[2 * COUNT];
        for (int k = 0; k < COUNT; k++) {
            out[2 * k] = mesh[stride * MEDIAPIPE[k]] * scale;
            out[2 * k + 1] = mesh[stride * MEDIAPIPE[k] + 1] * scale;
        }
        return out;
    }

    /** F-LMD of one frame: the mean over the 68 points of |Δx| + |Δy| (the L1 distance per point). */
    public static double distance(double[] a, double[] b) {
        if (a.length != 2 * COUNT || b.length != 2 * COUNT) {
            throw new IllegalArgumentException("F-LMD needs 68 points (136 values) on both sides, got "
                    + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / COUNT;
    }
}
