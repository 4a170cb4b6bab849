package org.tri2plane.render.landmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tri2plane.tracking.face.CanonicalFaceModel;

/** The 68-point subset checked against MediaPipe's canonical face (tracking test jar). */
class Landmarks68Test {

    private static CanonicalFaceModel face;
    private static Set<Long> edges;

    @BeforeAll
    static void readCanonicalFace() throws IOException {
        try (InputStream in = Landmarks68Test.class.getResourceAsStream("/models/canonical_face_model.binarypb")) {
            assertTrue(in != null, "MediaPipe's canonical face model (tri2plane-tracking's test jar)");
            face = CanonicalFaceModel.parse(in.readAllBytes(), "canonical_face_model.binarypb");
        }
        edges = new HashSet<>();
        int[] t = face.triangles();
        for (int i = 0; i < t.length; i += 3) {
            for (int k = 0; k < 3; k++) {
                int a = t[i + k];
                int b = t[i + (k + 1) % 3];
                edges.add((long) a * 1000 + b);
                edges.add((long) b * 1000 + a);
            }
        }
    }

    private static double[] vertex(int i) {
        double[] v = face.vertices();
        return new double[] {v[3 * i], v[3 * i + 1], v[3 * i + 2]};
    }

    /** Points at equal arc length along a path of vertices (ends included), each the nearest path vertex. */
    private static int[] resample(int[] path, int n) {
        double[] along = new double[path.length];
        for (int i = 1; i < path.length; i++) {
            double[] a = vertex(path[i - 1]);
            double[] b = vertex(path[i]);
            along[i] = along[i - 1] + Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            double target = along[path.length - 1] * k / (n - 1);
            int best = 0;
            for (int j = 1; j < path.length; j++) {
                if (Math.abs(along[j] - target) < Math.abs(along[best] - target)) {
                    best = j;
                }
            }
            out[k] = path[best];
        }
        return out;
    }

    private static void assertEdgePath(String name, int[] path) {
        for (int i = 1; i < path.length; i++) {
            assertTrue(edges.contains((long) path[i - 1] * 1000 + path[i]), name + ": " + path[i - 1] + "-" + path[i] + " is not a mesh edge");
        }
    }

    private static int[] slice(int[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void contoursArePlacedAtEqualArcLengthAlongMeshEdgePaths() {
        int[] lm = Landmarks68.meshIndices();
        int[] oval = {127, 234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288, 361, 323, 454, 356};
        int[] ridge = {168, 6, 197, 195, 5, 4};
        int[] rightUpper = {33, 246, 161, 160, 159, 158, 157, 173, 133};
        int[] rightLower = {33, 7, 163, 144, 145, 153, 154, 155, 133};
        int[] leftUpper = {362, 398, 384, 385, 386, 387, 388, 466, 263};
        int[] leftLower = {362, 382, 381, 380, 374, 373, 390, 249, 263};
        int[] lipUpper = {61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291};
        int[] lipLower = {61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291};
        int[] innerUpper = {78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308};
        int[] innerLower = {78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308};
        int[][] paths = {oval, ridge, rightUpper, rightLower, leftUpper, leftLower, lipUpper, lipLower, innerUpper, innerLower,
            slice(lm, 17, 22), slice(lm, 22, 27), slice(lm, 31, 36)};
        for (int[] p : paths) {
            assertEdgePath(java.util.Arrays.toString(p), p);
        }
        assertArrayEquals(resample(oval, 17), slice(lm, 0, 17), "jaw");
        assertArrayEquals(resample(ridge, 4), slice(lm, 27, 31), "nose ridge");
        int[] ru = resample(rightUpper, 4);
        int[] rl = resample(rightLower, 4);
        assertArrayEquals(new int[] {ru[0], ru[1], ru[2], ru[3], rl[2], rl[1]}, slice(lm, 36, 42), "right eye");
        int[] lu = resample(leftUpper, 4);
        int[] ll = resample(leftLower, 4);
        assertArrayEquals(new int[] {lu[0], lu[1], lu[2], lu[3], ll[2], ll[1]}, slice(lm, 42, 48), "left eye");
        int[] up = resample(lipUpper, 7);
        int[] lo = resample(lipLower, 7);
        assertArrayEquals(concat(up, new int[] {lo[5], lo[4], lo[3], lo[2], lo[1]}), slice(lm, 48, 60), "outer lips");
        int[] iu = resample(innerUpper, 5);
        int[] il = resample(innerLower, 5);
        assertArrayEquals(concat(iu, new int[] {il[3], il[2], il[1]}), slice(lm, 60, 68), "inner lips");
    }

    @Test
    void subsetIsSixtyEightDistinctVerticesSymmetricOnTheCanonicalFace() {
        int[] lm = Landmarks68.meshIndices();
        assertEquals(68, lm.length);
        assertEquals(68, java.util.Arrays.stream(lm).distinct().count());
        for (int i = 0; i < 68; i++) {
            int j = Landmarks68.mirror(i);
            assertEquals(i, Landmarks68.mirror(j), "mirror is an involution at " + i);
            double[] a = vertex(lm[i]);
            double[] b = vertex(lm[j]);
            assertEquals(-a[0], b[0], 1e-3, "x of point " + i + " mirrors point " + j);
            assertEquals(a[1], b[1], 1e-3, "y of point " + i + " equals point " + j);
            assertEquals(a[2], b[2], 1e-3, "z of point " + i + " equals point " + j);
            if (i == j) {
                assertEquals(0, a[0], 1e-3, "point " + i + " is on the midline");
            }
        }
        // image left (subject's right, canonical x < 0) first, as in the 68-point layout
        assertTrue(vertex(lm[0])[0] < 0 && vertex(lm[36])[0] < 0 && vertex(lm[48])[0] < 0);
        // outer eye corner further out than the inner one; chin the lowest jaw point
        assertTrue(vertex(lm[36])[0] < vertex(lm[39])[0]);
        for (int i = 0; i <= 16; i++) {
            assertTrue(vertex(lm[8])[1] <= vertex(lm[i])[1]);
        }
    }

    @Test
    void distanceIsTheMeanPerPointL1() {
        double[] a = new double[136];
        double[] b = new double[136];
        for (int k = 0; k < 68; k++) {
            b[2 * k] = 3;
            b[2 * k + 1] = k % 2 == 0 ? -1 : 0;
        }
        assertEquals((3 * 68 + 34) / 68.0, Landmarks68.distance(a, b), 1e-12);
        assertEquals(0, Landmarks68.distance(b, b));
        assertThrows(IllegalArgumentException.class, () -> Landmarks68.distance(a, new double[10]));
    }

    @Test
    void selectTakesTheSubsetFromAnyStride() {
        double[] mesh = new double[468 * 3];
        for (int i = 0; i < 468; i++) {
            mesh[3 * i] = i;
            mesh[3 * i + 1] = -i;
            mesh[3 * i + 2] = 99;
        }
        double[] pts = Landmarks68.select(mesh, 3, 2);
        assertEquals(2 * 127, pts[0]);
        assertEquals(-2 * 127, pts[1]);
        assertEquals(2 * 152, pts[16]);
    }
}
