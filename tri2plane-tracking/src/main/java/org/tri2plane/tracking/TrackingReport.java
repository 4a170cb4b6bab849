package org.tri2plane.tracking;

import java.util.List;

/**
 * {@code report.json}: how tracking went. Reprojection errors are landmark distances in pixels of
 * the {@code frameSize}² frames: per frame the mean over the 468 landmarks, then the median (and
 * 90th percentile) over frames; the morphable model is built from the training frames only, so the
 * held-out figures measure how it generalises.
 */
public record TrackingReport(
        String video,
        int framesDecoded,
        int framesConsidered,
        int framesKept,
        int trainFrames,
        int heldOutFrames,
        List<Dropped> dropped,
        double trainMedianErrorPx,
        double heldOutMedianErrorPx,
        double heldOutP90ErrorPx,
        double heldOutMaxErrorPx,
        double yawMinDeg,
        double yawMaxDeg,
        double pitchMinDeg,
        double pitchMaxDeg,
        double expressionVarianceTrain,
        double expressionVarianceHeldOut,
        List<String> warnings,
        double trackingFps,
        double seconds,
        List<Stage> stages) {

    /** A frame left out and why. */
    public record Dropped(int index, String reason) {}

    /** Wall time of one stage. */
    public record Stage(String name, double seconds, String summary) {}

    /** Held-out median reprojection error (pixels at the frame size) a good track stays under. */
    public static final double GOOD_REPROJECTION_PX = 2;

    /** One sentence on the track's quality: whether the held-out reprojection error is under {@link #GOOD_REPROJECTION_PX}. */
    public String verdict() {
        return String.format(java.util.Locale.ROOT,
                "held-out median reprojection error %.2f px at the frame size (%s %.0f px)",
                heldOutMedianErrorPx, heldOutMedianErrorPx < GOOD_REPROJECTION_PX ? "under" : "NOT under", GOOD_REPROJECTION_PX);
    }
}
