package org.tri2plane.core.raster;

/**
 * The result of rasterising a triangle mesh into a {@code width x height} image: for each pixel
 * the index of the nearest covering triangle (−1 where none), the barycentric weights of its first
 * two vertices (the third is 1 − b0 − b1) and the interpolated depth.
 */
public record Raster(int width, int height, int[] triangle, float[] b0, float[] b1, float[] depth) {

    /** Whether pixel (x, y) is covered. */
    public boolean covered(int x, int y) {
        return triangle[y * width + x] >= 0;
    }

    /** Number of covered pixels. */
    public int coveredCount() {
        int n = 0;
        for (int t : triangle) {
            if (t >= 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Interpolates per-vertex attributes ({@code channels} per vertex) over covered pixels;
     * uncovered pixels get {@code background}. Returns w x h x channels, row-major.
     */
    public float[] interpolate(double[] attributes, int channels, int[] triangles, float background) {
        float[] out = new float[width * height * channels];
        for (int p = 0; p < triangle.length; p++) {
            int t = triangle[p];
            for (int c = 0; c < channels; c++) {
                if (t < 0) {
                    out[p * channels + c] = background;
                    continue;
                }
                double w0 = b0[p];
                double w1 = b1[p];
                double w2 = 1 - w0 - w1;
                out[p * channels + c] = (float) (w0 * attributes[triangles[3 * t] * channels + c]
                        + w1 * attributes[triangles[3 * t + 1] * channels + c]
                        + w2 * attributes[triangles[3 * t + 2] * channels + c]);
            }
        }
        return out;
    }
}
