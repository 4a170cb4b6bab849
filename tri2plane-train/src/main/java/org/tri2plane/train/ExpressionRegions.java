package org.tri2plane.train;

import org.tri2plane.core.geometry.FaceContours;

/**
 * Where a frame's expression shows: the mouth and both eyes, as a 0/1 map cut from the tracked
 * landmarks of the frame (MediaPipe's outer lip contour and eyelid contours, each widened about its
 * centre so that lips, teeth and the skin just around them are inside). The weight map of the L1
 * terms is 1 + (loss.regionWeight − 1) · this map.
 */
final class ExpressionRegions {

    /** MediaPipe's outer lip contour, a closed ring (lower lip right to left in the image, then the upper lip back). */
    static final int[] MOUTH = FaceContours.outerLip();
    /** The right eyelids' ring (lower, then upper) and the left's. */
    static final int[] RIGHT_EYE = FaceContours.rightEye();
    static final int[] LEFT_EYE = FaceContours.leftEye();

    /** How much each contour is widened about its centroid. */
    static final double MOUTH_GROWTH = 1.3;
    static final double EYE_GROWTH = 1.6;

    private ExpressionRegions() {}

    /**
     * The region map (side x side, row-major, 0 or 1) of 468 landmarks {@code points} (x, y in
     * pixels of a frame of {@code landmarkSide}), drawn at {@code side}.
     */
    static float[] of(double[] points, int landmarkSide, int side) {
        float[] out = new float[side * side];
        double s = (double) side / landmarkSide;
        fill(out, side, ring(points, MOUTH, s, MOUTH_GROWTH));
        fill(out, side, ring(points, RIGHT_EYE, s, EYE_GROWTH));
        fill(out, side, ring(points, LEFT_EYE, s, EYE_GROWTH));
        return out;
    }

    /** The contour's points at the output scale, grown by {@code growth} about their centroid: {x0, y0, x1, y1, ...}. */
    static double[] ring(double[] points, int[] contour, double scale, double growth) {
        double[] c = centre(points, contour, scale);
        double cx = c[0];
        double cy = c[1];
        double[] out = new double[2 * contour.length];
        for (int k = 0; k < contour.length; k++) {
            out[2 * k] = cx + (points[2 * contour[k]] * scale - cx) * growth;
            out[2 * k + 1] = cy + (points[2 * contour[k] + 1] * scale - cy) * growth;
        }
        return out;
    }

    /** The centroid of a contour's points at the output scale: {x, y}. */
    static double[] centre(double[] points, int[] contour, double scale) {
        double cx = 0;
        double cy = 0;
        for (int i : contour) {
            cx += points[2 * i] * scale / contour.length;
            cy += points[2 * i + 1] * scale / contour.length;
        }
        return new double[] {cx, cy};
    }

    /** Sets to 1 every pixel whose centre lies inside the polygon (even-odd rule). */
    static void fill(float[] map, int side, double[] polygon) {
        int n = polygon.length / 2;
        for (int y = 0; y < side; y++) {
            double py = y + 0.5;
            for (int x = 0; x < side; x++) {
                double px = x + 0.5;
                boolean inside = false;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    double xi = polygon[2 * i];
                    double yi = polygon[2 * i + 1];
                    double xj = polygon[2 * j];
                    double yj = polygon[2 * j + 1];
                    if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) {
                        inside = !inside;
                    }
                }
                if (inside) {
                    map[y * side + x] = 1;
                }
            }
        }
    }
}
