package org.tri2plane.core.image;

/** Resampling of {@link RgbImage}s: bilinear warps, resizes and crops (pixel centres at i + 0.5). */
public final class ImageOps {

    private ImageOps() {}

    /**
     * Samples {@code src} at the image position {@code toSource(x + 0.5, y + 0.5)} for every pixel
     * of a {@code w x h} output, bilinearly; outside the source the value is {@code fill} (0..255).
     * Returns interleaved RGB floats scaled as value · scale + offset (NHWC order).
     */
    public static float[] warp(RgbImage src, Affine2 toSource, int w, int h, float scale, float offset, int fill) {
        if (fill < 0 || fill > 255) {
            throw new IllegalArgumentException("fill must be 0..255, was " + fill);
        }
        return warp(src, toSource, w, h, scale, offset, fill, false);
    }

    /** {@link #warp(RgbImage, Affine2, int, int, float, float, int)}; with {@code clamp} samples outside take the nearest edge pixel. */
    private static float[] warp(RgbImage src, Affine2 toSource, int w, int h, float scale, float offset, int fill, boolean clamp) {
        float[] out = new float[w * h * 3];
        int sw = src.width();
        int sh = src.height();
        byte[] px = src.rgb();
        double a = toSource.a();
        double d = toSource.d();
        for (int y = 0; y < h; y++) {
            // source position of pixel centre (x + ½, y + ½), minus ½ to index pixel centres
            double rowX = toSource.apply(0.5, y + 0.5)[0] - 0.5;
            double rowY = toSource.apply(0.5, y + 0.5)[1] - 0.5;
            for (int x = 0; x < w; x++) {
                double fx = rowX + a * x;
                double fy = rowY + d * x;
                int x0 = (int) Math.floor(fx);
                int y0 = (int) Math.floor(fy);
                double ax = fx - x0;
                double ay = fy - y0;
                int o = 3 * (y * w + x);
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
                    int i00 = 3 * (y0 * sw + x0);
                    int i10 = i00 + 3;
                    int i01 = i00 + 3 * sw;
                    int i11 = i01 + 3;
                    for (int c = 0; c < 3; c++) {
                        double v = ((px[i00 + c] & 0xff) * (1 - ax) + (px[i10 + c] & 0xff) * ax) * (1 - ay)
                                + ((px[i01 + c] & 0xff) * (1 - ax) + (px[i11 + c] & 0xff) * ax) * ay;
                        out[o + c] = (float) (v * scale + offset);
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        double v00 = sample(px, sw, sh, x0, y0, c, fill, clamp);
                        double v10 = sample(px, sw, sh, x0 + 1, y0, c, fill, clamp);
                        double v01 = sample(px, sw, sh, x0, y0 + 1, c, fill, clamp);
                        double v11 = sample(px, sw, sh, x0 + 1, y0 + 1, c, fill, clamp);
                        double v = (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
                        out[o + c] = (float) (v * scale + offset);
                    }
                }
            }
        }
        return out;
    }

    private static double sample(byte[] px, int w, int h, int x, int y, int c, int fill, boolean clamp) {
        if (clamp) {
            x = Math.max(0, Math.min(w - 1, x));
            y = Math.max(0, Math.min(h - 1, y));
        } else if (x < 0 || y < 0 || x >= w || y >= h) {
            return fill;
        }
        return px[3 * (y * w + x) + c] & 0xff;
    }

    /** Bilinear warp to a new 8-bit image; outside the source the value is {@code fill}. */
    public static RgbImage warpImage(RgbImage src, Affine2 toSource, int w, int h, int fill) {
        return toImage(warp(src, toSource, w, h, 1f, 0f, fill), w, h);
    }

    private static RgbImage toImage(float[] f, int w, int h) {
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(f[i])));
        }
        return new RgbImage(w, h, b);
    }

    /**
     * Resizes to {@code w x h}. Downscaling by more than 2 first averages blocks (area filter), so
     * that no source pixel is skipped; the rest is bilinear, the outer half pixel clamped to the
     * edge (a resize never leaves the image, so nothing of a fill colour bleeds into its border).
     */
    public static RgbImage resize(RgbImage src, int w, int h) {
        RgbImage img = src;
        while (img.width() >= 2 * w && img.height() >= 2 * h) {
            img = halve(img);
        }
        Affine2 toSource = new Affine2((double) img.width() / w, 0, 0, 0, (double) img.height() / h, 0);
        return toImage(warp(img, toSource, w, h, 1f, 0f, 0, true), w, h);
    }

    private static RgbImage halve(RgbImage src) {
        int w = src.width() / 2;
        int h = src.height() / 2;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int s = src.get(2 * x, 2 * y, c) + src.get(2 * x + 1, 2 * y, c)
                            + src.get(2 * x, 2 * y + 1, c) + src.get(2 * x + 1, 2 * y + 1, c);
                    out[3 * (y * w + x) + c] = (byte) ((s + 2) / 4);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Bilinear sample of a single-channel float map (row-major) at continuous (x, y), pixel centres at +0.5, edge-clamped. */
    public static float sampleMap(float[] map, int w, int h, double x, double y) {
        double fx = Math.max(0, Math.min(w - 1, x - 0.5));
        double fy = Math.max(0, Math.min(h - 1, y - 0.5));
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double ax = fx - x0;
        double ay = fy - y0;
        double v = (map[y0 * w + x0] * (1 - ax) + map[y0 * w + x1] * ax) * (1 - ay)
                + (map[y1 * w + x0] * (1 - ax) + map[y1 * w + x1] * ax) * ay;
        return (float) v;
    }
}
