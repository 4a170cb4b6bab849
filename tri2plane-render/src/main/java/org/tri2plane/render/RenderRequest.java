package org.tri2plane.render;

import java.nio.file.Path;

/**
 * One render: the trained checkpoint (a run directory or its {@code checkpoint/}), the subject it
 * was trained on, the mode, outputs ({@code mp4} and/or {@code pngDir}), the driver for cross mode,
 * an optional source-frame range [from, to] (inclusive; null for the default), the output side
 * (null: the model's own), side-by-side output, and the orbit's yaw/pitch amplitudes (degrees),
 * number of views and whether to show the canonical appearance; optionally a folder for the
 * aligned ground-truth frames ({@code truthDir}: the subject's frames in self mode, the driver's in
 * cross mode) and a file for the expected F-LMD landmarks of every frame ({@code landmarks});
 * the offset (windowDx, windowDy) of the rendered window from the frame's centre, in pixels at the
 * config's frame size (0, 0: the centred window; the sliding window of Sec. 3.3, which moves the
 * head off-centre in the result and in the ground truth alike); {@code force} replaces an
 * existing MP4 or non-empty PNG folder (each only once its replacement is complete).
 */
public record RenderRequest(Path checkpoint, Path subject, RenderMode mode, Path mp4, Path pngDir, Path driver,
        Integer fromFrame, Integer toFrame, Integer resolution, boolean sideBySide, double orbitYaw, double orbitPitch,
        int orbitViews, boolean canonical, Integer driverNeutralFrame, Path truthDir, Path landmarks, int windowDx, int windowDy,
        boolean force) {

    /** A self-reenactment of the held-out frames to an MP4. */
    public static RenderRequest self(Path checkpoint, Path subject, Path mp4) {
        return new RenderRequest(checkpoint, subject, RenderMode.SELF, mp4, null, null, null, null, null, false, 40, 0,
                48, false, null, null, null, 0, 0, false);
    }
}
