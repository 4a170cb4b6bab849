package org.tri2plane.core.geometry;

import java.util.SplittableRandom;

/**
 * The geometry-aware sliding window (Sec. 3.3). A W x W window at offset (dx, dy) from the centre
 * of an F x F frame is the frame camera with its principal point moved by the window's top-left
 * corner — an exact crop. Eq. 8/9 state the same as a head translation: ΔT = (Z / f)·(Δx, Δy, 0)
 * in camera coordinates moves points at depth Z by (Δx, Δy) pixels.
 */
public record SlidingWindow(int frameSize, int windowSize) {

    public SlidingWindow {
        if (windowSize <= 0 || frameSize < windowSize || (frameSize - windowSize) % 2 != 0) {
            throw new IllegalArgumentException(
                    "window " + windowSize + " must fit the frame " + frameSize + " with an even margin");
        }
    }

    /** Largest offset from the centre: (F − W) / 2 (112 for 736 / 512). */
    public int maxOffset() {
        return (frameSize - windowSize) / 2;
    }

    /** Top-left pixel of the window at offset {@code d} from the centred position. */
    public int origin(int d) {
        if (Math.abs(d) > maxOffset()) {
            throw new IllegalArgumentException("offset " + d + " exceeds ±" + maxOffset());
        }
        return maxOffset() + d;
    }

    /** The camera of the window at offset (dx, dy): principal point shifted by its top-left corner. */
    public Camera camera(Camera frame, int dx, int dy) {
        return frame.window(origin(dx), origin(dy), windowSize, windowSize);
    }

    /** The centred window camera (evaluation and rendering). */
    public Camera centred(Camera frame) {
        return camera(frame, 0, 0);
    }

    /** Offsets uniform in [−max, max] on both axes. */
    public int[] randomOffset(SplittableRandom random) {
        int m = maxOffset();
        return new int[] {random.nextInt(-m, m + 1), random.nextInt(-m, m + 1)};
    }

    /**
     * Eq. 8/9: the camera-space head translation that moves points at depth {@code z} by
     * (Δx, Δy) pixels under focal lengths (fx, fy): (z·Δx / fx, z·Δy / fy, 0).
     */
    public static double[] equivalentTranslation(Camera camera, double z, double deltaX, double deltaY) {
        return new double[] {z * deltaX / camera.fx(), z * deltaY / camera.fy(), 0};
    }
}
