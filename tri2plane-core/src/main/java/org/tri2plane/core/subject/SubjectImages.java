package org.tri2plane.core.subject;

import java.io.IOException;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;

/**
 * A subject's images as the model sees them: planar float arrays in [0, 1] at a requested size
 * (area-filtered from the stored PNGs). Shared by training (ground truth, conditions) and
 * rendering (conditions, ground truth for side-by-side and evaluation).
 */
public final class SubjectImages {

    private SubjectImages() {}

    /** The 6-channel condition image (texture RGB, then normals) of a frame: 6 x size x size. */
    public static float[] condition(SubjectDirectory subject, int index, int size) throws IOException {
        return condition(RgbImage.read(subject.conditionTexture(index)), RgbImage.read(subject.conditionNormal(index)), size);
    }

    /** The 6-channel condition image from its two maps: 6 x size x size. */
    public static float[] condition(RgbImage texture, RgbImage normal, int size) {
        RgbImage tex = ImageOps.resize(texture, size, size);
        RgbImage nrm = ImageOps.resize(normal, size, size);
        float[] cond = new float[6 * size * size];
        for (int i = 0; i < size * size; i++) {
            for (int c = 0; c < 3; c++) {
                cond[c * size * size + i] = tex.get(i % size, i / size, c) / 255f;
                cond[(3 + c) * size * size + i] = nrm.get(i % size, i / size, c) / 255f;
            }
        }
        return cond;
    }

    /** Frame and mask at {@code size}²: {rgb (3 planes, composited on {@code background}), mask (1 plane)}. */
    public static float[][] composited(SubjectDirectory subject, int index, int size, float[] background) throws IOException {
        return composited(subject, index, 1, size, background);
    }

    /**
     * Like {@link #composited(SubjectDirectory, int, int, float[])}, from the stored frame and mask at
     * {@code scale} (1: {@code frames/}, the subject's outputScale: {@code frames_xN/}).
     */
    public static float[][] composited(SubjectDirectory subject, int index, int scale, int size, float[] background)
            throws IOException {
        RgbImage img = ImageOps.resize(RgbImage.read(subject.frame(index, scale)), size, size);
        RgbImage maskImg = ImageOps.resize(RgbImage.read(subject.mask(index, scale)), size, size);
        int n = size * size;
        float[] rgb = new float[3 * n];
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            float m = maskImg.get(i % size, i / size, 0) / 255f;
            mask[i] = m;
            for (int c = 0; c < 3; c++) {
                rgb[c * n + i] = img.get(i % size, i / size, c) / 255f * m + background[c] * (1 - m);
            }
        }
        return new float[][] {rgb, mask};
    }

    /** Background of the subject as RGB in [0, 1]. */
    public static float[] background(SubjectDirectory subject) {
        var bg = subject.meta().background();
        return new float[] {bg.get(0) / 255f, bg.get(1) / 255f, bg.get(2) / 255f};
    }

    /** Planar [3, h, w] floats in [0, 1] to an 8-bit image. */
    public static RgbImage toImage(float[] planar, int w, int h) {
        byte[] out = new byte[w * h * 3];
        int n = w * h;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(planar[c * n + i] * 255)));
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The centred {@code window}² crop of a planar [3, size, size] image. */
    public static float[] centredWindow(float[] planar, int size, int window) {
        int o = (size - window) / 2;
        return window(planar, size, window, o, o);
    }

    /** The {@code window}² crop with top-left pixel (x0, y0) of a planar RGB image of side {@code size}. */
    public static float[] window(float[] planar, int size, int window, int x0, int y0) {
        if (x0 < 0 || y0 < 0 || x0 + window > size || y0 + window > size) {
            throw new IllegalArgumentException("window " + window + " at (" + x0 + ", " + y0 + ") leaves the " + size + " px image");
        }
        float[] out = new float[3 * window * window];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < window; y++) {
                System.arraycopy(planar, c * size * size + (y0 + y) * size + x0, out, (c * window + y) * window, window);
            }
        }
        return out;
    }
}
