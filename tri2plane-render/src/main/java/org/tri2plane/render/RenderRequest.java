package org.tri2plane.render;

import java.nio.file.Path;

/**
 * One render: the trained checkpoint (a run directory or its {@code checkpoint/}), the subject it
 * was trained on, the mode (with what it needs), outputs ({@code mp4} and/or {@code pngDir}), an
 * optional source-frame range [from, to] (inclusive; null for the default), the output side
 * (null: the model's own), side-by-side output; optionally a folder for the aligned ground-truth
 * frames ({@code truthDir}: the subject's frames in self mode, the driver's in cross mode) and a
 * file for the expected F-LMD landmarks of every frame ({@code landmarks}) and one for the pose and
 * β each frame was rendered from ({@code expectedParams}, for AED/APD); the offset (windowDx,
 * windowDy) of the rendered window from the frame's centre, in pixels at the config's frame size
 * (0, 0: the centred window; the sliding window of Sec. 3.3, which moves the head off-centre in
 * the result and in the ground truth alike); {@code force} replaces an existing MP4 or non-empty
 * PNG folder (each only once its replacement is complete); {@code meanGamma} drives training frames
 * with the mean code γ̄ instead of their own γ_t, so that what they show comes from their tracked
 * expression and pose alone, as in any cross-reenactment (the expression protocol of
 * docs/evaluation.md). Built with {@link #builder}.
 */
public record RenderRequest(Path checkpoint, Path subject, RenderMode mode, Path mp4, Path pngDir, Integer fromFrame,
        Integer toFrame, Integer resolution, boolean sideBySide, Path truthDir, Path landmarks, int windowDx, int windowDy,
        boolean force, Path expectedParams, boolean meanGamma) {

    public RenderRequest {
        if (checkpoint == null || subject == null || mode == null) {
            throw new IllegalArgumentException("a render needs a checkpoint, a subject and a mode");
        }
        if ((fromFrame == null) != (toFrame == null)) {
            throw new IllegalArgumentException("a frame range needs both ends");
        }
    }

    /** A self-reenactment of the held-out frames to an MP4. */
    public static RenderRequest self(Path checkpoint, Path subject, Path mp4) {
        return builder(checkpoint, subject).mp4(mp4).build();
    }

    /** A request for {@code checkpoint} trained on {@code subject}: self mode, nothing else set until given. */
    public static Builder builder(Path checkpoint, Path subject) {
        return new Builder(checkpoint, subject);
    }

    /** Sets a render request's parts by name. */
    public static final class Builder {
        private final Path checkpoint;
        private final Path subject;
        private RenderMode mode = new RenderMode.Self();
        private Path mp4;
        private Path pngDir;
        private Integer fromFrame;
        private Integer toFrame;
        private Integer resolution;
        private boolean sideBySide;
        private Path truthDir;
        private Path landmarks;
        private int windowDx;
        private int windowDy;
        private boolean force;
        private Path expectedParams;
        private boolean meanGamma;

        private Builder(Path checkpoint, Path subject) {
            this.checkpoint = checkpoint;
            this.subject = subject;
        }

        public Builder mode(RenderMode m) {
            mode = m;
            return this;
        }

        public Builder mp4(Path file) {
            mp4 = file;
            return this;
        }

        public Builder pngDir(Path dir) {
            pngDir = dir;
            return this;
        }

        /** The source frames [from, to] (inclusive); both null for the mode's default. */
        public Builder frames(Integer from, Integer to) {
            fromFrame = from;
            toFrame = to;
            return this;
        }

        public Builder resolution(Integer side) {
            resolution = side;
            return this;
        }

        public Builder sideBySide(boolean on) {
            sideBySide = on;
            return this;
        }

        public Builder truthDir(Path dir) {
            truthDir = dir;
            return this;
        }

        public Builder landmarks(Path file) {
            landmarks = file;
            return this;
        }

        public Builder windowOffset(int dx, int dy) {
            windowDx = dx;
            windowDy = dy;
            return this;
        }

        public Builder force(boolean on) {
            force = on;
            return this;
        }

        public Builder expectedParams(Path file) {
            expectedParams = file;
            return this;
        }

        /** Drive every frame with the mean code γ̄, training frames too (default: their own γ_t). */
        public Builder meanGamma(boolean on) {
            meanGamma = on;
            return this;
        }

        public RenderRequest build() {
            return new RenderRequest(checkpoint, subject, mode, mp4, pngDir, fromFrame, toFrame, resolution, sideBySide,
                    truthDir, landmarks, windowDx, windowDy, force, expectedParams, meanGamma);
        }
    }
}
