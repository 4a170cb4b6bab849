package org.tri2plane.tracking.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.raster.Raster;

/** The condition maps' support: a fixed border, whatever the expression does to the mesh's outline. */
class ConditionRendererTest {

    private static final int SIZE = 20;
    private static final double[] FRAMING = {-1.25, -1.25, 1.25, 1.25}; // 8 px per unit: the square spans pixels 2..18

    /** A flat square [-1, 1]² (z = 0) of 2 × 2 quads, uv from its x-y position. */
    private static final int[] TRIANGLES = {0, 1, 4, 0, 4, 3, 1, 2, 5, 1, 5, 4, 3, 4, 7, 3, 7, 6, 4, 5, 8, 4, 8, 7};

    private static double[] square(double dy) {
        double[] v = new double[27];
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                v[3 * (3 * j + i)] = i - 1;
                v[3 * (3 * j + i) + 1] = j - 1 + dy;
            }
        }
        return v;
    }

    private static double[] uv() {
        double[] uv = new double[18];
        for (int k = 0; k < 9; k++) {
            uv[2 * k] = (k % 3) / 2.0;
            uv[2 * k + 1] = (k / 3) / 2.0;
        }
        return uv;
    }

    private static RgbImage grey() {
        byte[] px = new byte[16 * 16 * 3];
        Arrays.fill(px, (byte) 200);
        return new RgbImage(16, 16, px);
    }

    /** Rows of the texture map that hold any face pixel (the map is black elsewhere). */
    private static int[] coveredRows(RgbImage map) {
        int first = -1;
        int last = -1;
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                if (map.get(x, y, 0) != 0) {
                    first = first < 0 ? y : first;
                    last = y;
                }
            }
        }
        return new int[] {first, last};
    }

    @Test
    void withoutSupportTheBorderFollowsTheMeshWithItTheBorderStaysPut() {
        ConditionRenderer plain = new ConditionRenderer(TRIANGLES, uv(), 16, FRAMING, SIZE);
        ConditionRenderer inset = new ConditionRenderer(TRIANGLES, uv(), 16, FRAMING, SIZE, square(0), 3);
        double[] raised = square(-0.25); // the outline moves up by 2 px, as a raised brow moves the forehead's edge
        assertNotEquals(coveredRows(plain.render(square(0), grey())[0])[0], coveredRows(plain.render(raised, grey())[0])[0]);
        RgbImage[] still = inset.render(square(0), grey());
        RgbImage[] moved = inset.render(raised, grey());
        int[] rows = coveredRows(still[0]);
        assertArrayEquals(rows, coveredRows(moved[0]), "the border does not move");
        int[] plainRows = coveredRows(plain.render(square(0), grey())[0]);
        assertEquals(plainRows[0] + 3, rows[0], "three pixels inside the mean outline");
        assertEquals(plainRows[1] - 3, rows[1]);
        for (int p = 0; p < SIZE * SIZE; p++) { // the normal map is cut by the same support
            assertEquals(still[0].rgb()[3 * p] == 0, still[1].rgb()[3 * p] == 0 && still[1].rgb()[3 * p + 1] == 0
                    && still[1].rgb()[3 * p + 2] == 0, "pixel " + p);
        }
    }

    @Test
    void anInsetOfZeroDrawsTheMeshesOwnOutline() {
        ConditionRenderer plain = new ConditionRenderer(TRIANGLES, uv(), 16, FRAMING, SIZE);
        ConditionRenderer zero = new ConditionRenderer(TRIANGLES, uv(), 16, FRAMING, SIZE, square(0), 0);
        double[] raised = square(-0.25);
        assertArrayEquals(plain.render(raised, grey())[0].rgb(), zero.render(raised, grey())[0].rgb());
        assertThrows(IllegalArgumentException.class, () -> new ConditionRenderer(TRIANGLES, uv(), 16, FRAMING, SIZE, square(0), -1));
    }

    @Test
    void erosionRemovesEveryPixelWithinTheInsetOfTheOutside() {
        int s = 7;
        int[] tri = new int[s * s];
        Arrays.fill(tri, -1);
        for (int y = 1; y <= 5; y++) {
            for (int x = 1; x <= 5; x++) {
                tri[y * s + x] = 0; // a covered 5 x 5 block
            }
        }
        Raster r = new Raster(s, s, tri, new float[s * s], new float[s * s], new float[s * s]);
        assertEquals(25, count(ConditionRenderer.erode(r, s, 0)));
        boolean[] one = ConditionRenderer.erode(r, s, 1);
        assertEquals(9, count(one));
        assertEquals(true, one[2 * s + 2] && one[4 * s + 4] && !one[s + 1]);
        assertEquals(1, count(ConditionRenderer.erode(r, s, 2)));
        assertEquals(0, count(ConditionRenderer.erode(r, s, 3)));
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
