package org.tri2plane.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rays of the SR input's windows a probe of the whole window keeps, against hand-worked grids. */
class RaySelectionTest {

    /** A 16 x 16 window probed at stride 4: 4 x 4 probe rays. */
    private static final PixelWindow PROBE = PixelWindow.square(0, 0, 16, 4);

    @Test
    void keepsTheRaysWithinOneProbeRayOfAnOpaqueOne() {
        float[] opacity = new float[16];
        opacity[1 * 4 + 2] = 0.5f; // probe row 1, column 2: rows 0-2 x columns 1-3 are kept, pixels y 0-11, x 4-15
        opacity[3 * 4 + 0] = 0.05f; // below the threshold
        List<PixelWindow> windows = List.of(PixelWindow.square(4, 4, 4, 1), PixelWindow.square(0, 12, 4, 1),
                PixelWindow.square(2, 10, 4, 1));
        RaySelection s = RaySelection.of(opacity, 1, PROBE, windows, 0.1);
        assertEquals(16, s.windowRays());
        assertEquals(16, s.kept()[0][0].length, "inside the kept cells");
        assertEquals(0, s.kept()[0][1].length, "the bottom-left cells see nothing opaque");
        // the third window spans x 2-5, y 10-13: kept where x >= 4 and y <= 11, rays (row, col) (0,2) (0,3) (1,2) (1,3)
        assertArrayEquals(new int[] {2, 3, 6, 7}, s.kept()[0][2]);
        assertEquals(20, s.raysPerElement());
        assertEquals(20, java.util.Arrays.stream(s.kept()[0]).mapToInt(k -> k.length).sum());
        int[] bundle = s.bundleRays(0); // window · 16 + ray, window after window
        assertArrayEquals(new int[] {34, 35, 38, 39}, java.util.Arrays.copyOfRange(bundle, 16, 20));
        assertEquals(15, bundle[15]);
        assertFalse(s.keepsAll());
    }

    @Test
    void elementsAreSelectedOnTheirOwnAndTheBundleHoldsTheLargest() {
        float[] opacity = new float[32];
        java.util.Arrays.fill(opacity, 0, 16, 1f); // element 0: all opaque; element 1: nothing
        List<PixelWindow> windows = List.of(PixelWindow.square(0, 0, 8, 1), PixelWindow.square(8, 8, 8, 1));
        RaySelection s = RaySelection.of(opacity, 2, PROBE, windows, 0.01);
        assertEquals(64, s.kept()[0][0].length);
        assertEquals(64, s.kept()[0][1].length);
        assertEquals(0, s.kept()[1][0].length + s.kept()[1][1].length);
        assertEquals(128, s.raysPerElement());
        assertFalse(s.keepsAll());
        assertEquals(64 + 63, s.bundleRays(0)[127], "element 0 fills the bundle with its own rays");
        assertArrayEquals(new int[128], s.bundleRays(1), "keeping none, the bundle repeats ray 0 of window 0");
        RaySelection uneven = new RaySelection(new int[][][] {{{1, 2}, {}}, {{0, 1, 2}, {3}}}, 64, 4);
        assertArrayEquals(new int[] {1, 2, 1, 1}, uneven.bundleRays(0), "the shorter element repeats its first ray");
        assertTrue(RaySelection.of(new float[16], 1, PROBE, List.of(PixelWindow.square(0, 0, 8, 1)), 0).keepsAll(),
                "threshold 0 keeps every ray");
        assertEquals(1, RaySelection.of(new float[16], 1, PROBE, windows, 0.5).raysPerElement(),
                "a bundle holds at least one ray");
    }

    @Test
    void windowsOutsideTheProbeOrNotAtStrideOneAreRefused() {
        float[] opacity = new float[16];
        assertThrows(IllegalArgumentException.class,
                () -> RaySelection.of(opacity, 1, PROBE, List.of(PixelWindow.square(14, 0, 4, 1)), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> RaySelection.of(opacity, 1, PROBE, List.of(PixelWindow.square(0, 0, 8, 2)), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> RaySelection.of(new float[15], 1, PROBE, List.of(PixelWindow.square(0, 0, 8, 1)), 0.1));
    }
}
