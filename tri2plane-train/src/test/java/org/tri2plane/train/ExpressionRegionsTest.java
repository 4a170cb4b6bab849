package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The mouth-and-eyes map: polygon filling, growth about the centroid, and scaling to the map's size. */
class ExpressionRegionsTest {

    @Test
    void fillsThePixelsWhoseCentresLieInsideAPolygon() {
        float[] map = new float[10 * 10];
        ExpressionRegions.fill(map, 10, new double[] {2, 2, 6, 2, 6, 5, 2, 5}); // 4 x 3 pixels
        int n = 0;
        for (float v : map) {
            n += (int) v;
        }
        assertEquals(12, n);
        assertEquals(1f, map[2 * 10 + 2]);
        assertEquals(0f, map[5 * 10 + 2], "row 5's centre (5.5) is outside");
    }

    @Test
    void contoursGrowAboutTheirCentroidAndScaleToTheMap() {
        double[] points = new double[468 * 2];
        int[] ring = ExpressionRegions.MOUTH;
        // the mouth ring as a square of side 40 centred at (100, 200) in a 400-pixel frame
        for (int k = 0; k < ring.length; k++) {
            double t = 2 * Math.PI * k / ring.length;
            points[2 * ring[k]] = 100 + 20 * Math.signum(Math.cos(t)) * Math.min(1, Math.abs(Math.cos(t)) * 2);
            points[2 * ring[k] + 1] = 200 + 20 * Math.signum(Math.sin(t)) * Math.min(1, Math.abs(Math.sin(t)) * 2);
        }
        double[] grown = ExpressionRegions.ring(points, ring, 0.5, 1.5);
        double cx = 0;
        double maxX = -1;
        for (int k = 0; k < ring.length; k++) {
            cx += grown[2 * k] / ring.length;
            maxX = Math.max(maxX, grown[2 * k]);
        }
        assertEquals(50, cx, 1e-9, "centroid scaled by 0.5");
        assertEquals(50 + 10 * 1.5, maxX, 1e-9, "half-width 20 → 10 at the map's scale, grown by 1.5");
    }
}
