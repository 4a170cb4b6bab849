package org.tri2plane.core.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.PixelWindow;

class PatchLayoutTest {

    @Test
    void theSrBlockHoldsTheTileAndStaysOnTheGrid() {
        for (int k = 1; k <= 4; k++) {
            int[] seenX = new int[4];
            for (int q = 0; q < 4; q++) {
                for (int t = 0; t < 16; t++) {
                    PatchLayout layout = new PatchLayout(64, q, t);
                    int[] o = layout.srOrigin(k);
                    assertTrue(o[0] >= 0 && o[1] >= 0 && o[0] + k <= 4 && o[1] + k <= 4, k + " " + Arrays.toString(o));
                    int[] tiles = layout.srTiles(k);
                    assertEquals(k * k, tiles.length);
                    final int tile = t;
                    assertTrue(Arrays.stream(tiles).anyMatch(x -> x == tile), "block " + Arrays.toString(tiles) + " lacks tile " + t);
                    PixelWindow win = layout.srWindow(k);
                    assertEquals(new PixelWindow(o[0] * 16, o[1] * 16, k * 16, k * 16, 1), win);
                    seenX[o[0]]++;
                }
            }
            assertEquals(4 - k + 1, Arrays.stream(seenX).filter(c -> c > 0).count(), "every origin column is used, k " + k);
        }
        // the whole window for 4; tile 5 (column 1, row 1) with quadrant 3 (column 1, row 1): block from tile 0
        assertArrayEquals(new int[] {0, 0}, new PatchLayout(64, 2, 15).srOrigin(4));
        assertArrayEquals(new int[] {0, 1, 4, 5}, new PatchLayout(64, 3, 5).srTiles(2));
        assertArrayEquals(new int[] {5, 6, 9, 10}, new PatchLayout(64, 0, 5).srTiles(2));
        assertArrayEquals(new int[] {10, 11, 14, 15}, new PatchLayout(64, 0, 15).srTiles(2));
        assertThrows(IllegalArgumentException.class, () -> new PatchLayout(64, 0, 0).srOrigin(5));
    }
}
