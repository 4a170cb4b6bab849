package org.tri2plane.core.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RasterizerTest {

    @Test
    void drawsAKnownTriangleExactly() {
        // (1,1), (7,1), (1,7) in 8 x 8: pixel centres (x+½, y+½) with x ≥ 1, y ≥ 1 and x + y < 7;
        // centres on the hypotenuse (x + y = 7) belong to neither a top nor a left edge: not drawn.
        double[] v = {1, 1, 0, 7, 1, 0, 1, 7, 0};
        for (int[] tri : new int[][] {{0, 1, 2}, {0, 2, 1}}) { // both windings
            Raster r = Rasterizer.rasterize(v, tri, 8, 8);
            StringBuilder got = new StringBuilder();
            StringBuilder want = new StringBuilder();
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    got.append(r.covered(x, y) ? '#' : '.');
                    want.append(x >= 1 && y >= 1 && x + y < 7 ? '#' : '.');
                }
                got.append('\n');
                want.append('\n');
            }
            assertEquals(want.toString(), got.toString());
            assertEquals(15, r.coveredCount());
        }
    }

    @Test
    void sharedEdgesAreDrawnExactlyOnce() {
        // a 4 x 4 square split along its diagonal: the diagonal passes through 4 pixel centres
        double[] v = {0, 0, 0, 4, 0, 0, 4, 4, 0, 0, 4, 0};
        Raster a = Rasterizer.rasterize(v, new int[] {0, 1, 2}, 4, 4);
        Raster b = Rasterizer.rasterize(v, new int[] {0, 2, 3}, 4, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertTrue(a.covered(x, y) ^ b.covered(x, y), "pixel " + x + "," + y + " drawn exactly once");
            }
        }
        assertEquals(16, a.coveredCount() + b.coveredCount());
    }

    @Test
    void nearestTriangleWinsAndAttributesInterpolate() {
        // two overlapping triangles covering the same square; the nearer (depth 1) wins
        double[] v = {0, 0, 5, 8, 0, 5, 0, 8, 5, 0, 0, 1, 8, 0, 1, 0, 8, 1};
        int[] tris = {0, 1, 2, 3, 4, 5};
        Raster r = Rasterizer.rasterize(v, tris, 8, 8);
        assertEquals(1, r.triangle()[1 * 8 + 1]);
        assertEquals(1f, r.depth()[1 * 8 + 1], 1e-6f);
        // attribute = x coordinate of the vertex: interpolates to the pixel centre's x
        double[] attr = {0, 8, 0, 0, 8, 0};
        float[] img = r.interpolate(attr, 1, tris, -1f);
        assertEquals(2.5f, img[3 * 8 + 2], 1e-5f);
        assertEquals(-1f, img[7 * 8 + 7], 0f); // outside: background
    }
}
