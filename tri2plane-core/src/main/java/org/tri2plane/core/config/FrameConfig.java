package org.tri2plane.core.config;

/**
 * Image geometry: the tracked frame (736 in the paper) and the sliding window rendered inside it
 * (512). Window offsets are uniform in [-(frame - window) / 2, (frame - window) / 2].
 */
public record FrameConfig(int frameSize, int windowSize) {
    public FrameConfig {
        Checks.positive("frame.frameSize", frameSize);
        Checks.positive("frame.windowSize", windowSize);
        Checks.atMost("frame.frameSize", frameSize, 8192);
        if (windowSize % 16 != 0) {
            throw new IllegalArgumentException(
                    "frame.windowSize must be a multiple of 16 (4x4 tiles of stride-1 patches), was "
                            + windowSize);
        }
        if (frameSize < windowSize || (frameSize - windowSize) % 2 != 0) {
            throw new IllegalArgumentException(
                    "frame.frameSize must be >= frame.windowSize with an even difference, was "
                            + frameSize + " vs " + windowSize);
        }
    }

    /** Largest sliding-window offset in pixels (112 for 736 / 512). */
    public int maxWindowOffset() {
        return (frameSize - windowSize) / 2;
    }

    /** Rays per side at every scale: the window at stride 4, a quarter at stride 2, a tile at 1. */
    public int raysPerSide() {
        return windowSize / 4;
    }
}
