package org.tri2plane.core.subject;

import java.util.List;
import org.tri2plane.core.geometry.Camera;

/**
 * {@code subject.json}: what a subject directory holds and how it was made. Frame indices are
 * the source video's; the last {@code testCount} kept frames are held out.
 *
 * @param camera the fixed pinhole camera of the {@code frameSize}² frames
 * @param fps frame rate of the kept frames (source rate / subsampling)
 * @param source the video tracked
 * @param crop the fixed square crop of the source, in source pixels (x0, y0, side)
 * @param frameCount kept frames
 * @param trainCount the first trainCount kept frames are for training, the rest are held out
 * @param expressionDim K
 * @param conditionFraming canonical-space rectangle {x0, y0, x1, y1} shown by the condition maps
 * @param background RGB 0..255 that ground truth is composited on
 * @param outputScale integer scale of the extra hi-res frames and masks ({@code frames_xN/},
 *     {@code masks_xN/}, (frameSize · N)² from the same crop); 1 (also when the key is absent, as in
 *     subject directories written before it existed) means there are none
 */
public record SubjectMeta(
        String format,
        int formatVersion,
        String name,
        Camera camera,
        int frameSize,
        int conditionSize,
        double fps,
        Source source,
        List<Double> crop,
        int frameCount,
        int trainCount,
        int expressionDim,
        List<Double> conditionFraming,
        List<Integer> background,
        TrackingSettings tracking,
        Integer outputScale) {

    public static final String FORMAT = "tri2plane-subject";
    public static final int VERSION = 1;

    public SubjectMeta {
        outputScale = outputScale == null ? 1 : outputScale;
        if (outputScale < 1) {
            throw new IllegalArgumentException("outputScale must be at least 1, was " + outputScale);
        }
    }

    /** A subject without hi-res frames (outputScale 1). */
    public SubjectMeta(String format, int formatVersion, String name, Camera camera, int frameSize, int conditionSize,
            double fps, Source source, List<Double> crop, int frameCount, int trainCount, int expressionDim,
            List<Double> conditionFraming, List<Integer> background, TrackingSettings tracking) {
        this(format, formatVersion, name, camera, frameSize, conditionSize, fps, source, crop, frameCount, trainCount,
                expressionDim, conditionFraming, background, tracking, 1);
    }

    /** The source video: path as given, SHA-256, size and rate as decoded, audio presence. */
    public record Source(String path, String sha256, int width, int height, double fps, int rotation, boolean audio, int framesDecoded) {}

    /** Number of held-out frames. */
    public int testCount() {
        return frameCount - trainCount;
    }

    /** Side of the stored frames at {@code scale}: frameSize for 1, frameSize · outputScale for the hi-res ones. */
    public int frameSize(int scale) {
        if (scale != 1 && scale != outputScale) {
            throw new IllegalArgumentException("the subject stores frames at scale 1" + (outputScale > 1 ? " and " + outputScale : "")
                    + ", not " + scale);
        }
        return frameSize * scale;
    }

    /** The stored scale (1, else outputScale) whose frames have at least {@code side} pixels a side; 0 when none has. */
    public int scaleWithSide(int side) {
        if (frameSize >= side) {
            return 1;
        }
        return outputScale > 1 && frameSize(outputScale) >= side ? outputScale : 0;
    }

    /** Whether the tracked crop spans at least {@code side} source pixels, so frames of that side hold real pixels. */
    public boolean cropSpans(int side) {
        return crop.get(2) >= side;
    }
}
