package org.tri2plane.tracking.subject;

import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.tracking.TrackingSettings;

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
        TrackingSettings tracking) {

    public static final String FORMAT = "tri2plane-subject";
    public static final int VERSION = 1;

    /** The source video: path as given, SHA-256, size and rate as decoded, audio presence. */
    public record Source(String path, String sha256, int width, int height, double fps, int rotation, boolean audio, int framesDecoded) {}

    /** Number of held-out frames. */
    public int testCount() {
        return frameCount - trainCount;
    }
}
