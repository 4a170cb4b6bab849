package org.tri2plane.render.view;

import java.awt.image.BufferedImage;

/** Finds the viewer page's picture in a screenshot (by its 1 px #ccc border) and compares it with a rendered picture. */
final class PictureMatch {

    /** Side of the page's picture box in CSS pixels (#picture). */
    static final int BOX = 384;

    private PictureMatch() {}

    /** Correlation of the grey levels of the page's picture, averaged down to {@code picture}'s size, with {@code picture}. */
    static double best(BufferedImage screen, BufferedImage picture) {
        int[] at = box(screen);
        int n = picture.getWidth();
        int k = BOX / n;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double sum = 0;
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        sum += grey(screen.getRGB(at[0] + x * k + dx, at[1] + y * k + dy));
                    }
                }
                a[y * n + x] = sum / (k * k);
                b[y * n + x] = grey(picture.getRGB(x, y));
            }
        }
        return correlation(a, b);
    }

    /** Top-left inner pixel of the box: the first row holding BOX + 2 border pixels in a row, with the bottom border BOX + 1 rows below. */
    private static int[] box(BufferedImage s) {
        for (int y = 0; y + BOX + 1 < s.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < s.getWidth(); x++) {
                run = (s.getRGB(x, y) & 0xffffff) == 0xcccccc ? run + 1 : 0;
                if (run == BOX + 2) {
                    int x0 = x - BOX - 1;
                    if ((s.getRGB(x0, y + BOX + 1) & 0xffffff) == 0xcccccc && (s.getRGB(x, y + BOX + 1) & 0xffffff) == 0xcccccc) {
                        return new int[] {x0 + 1, y + 1};
                    }
                }
            }
        }
        throw new AssertionError("no " + BOX + " px picture box with a #ccc border in the screenshot");
    }

    private static double grey(int rgb) {
        return 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb + 1e-12);
    }
}
