package org.tri2plane.core.subject;

import java.util.List;
import org.tri2plane.core.config.Checks;
import org.tri2plane.core.config.ConfigLoader;

/**
 * Tracking choices ({@code configs/tracking.json}); every key required, each range-checked.
 *
 * @param frameSize side of the square subject frames (736 in the paper)
 * @param conditionSize side of the front-view condition maps (128)
 * @param expressionDim K, number of expression components of the morphable model
 * @param focalFactor focal length in pixels = focalFactor · frameSize (the video's camera is unknown)
 * @param cropScale side of the fixed square crop = cropScale · median face-mesh extent (clamped to the video)
 * @param cropCenterOffsetY crop centre below the face centre, in face-mesh extents (room for neck and torso)
 * @param canonicalScale canonical space = MediaPipe canonical face (cm, y up) · diag(1, −1, −1) · scale
 * @param minDetectionScore BlazeFace confidence needed to accept a face
 * @param minMeshScore face-mesh score below which the face counts as lost
 * @param testFraction trailing fraction of kept frames held out (0.2)
 * @param huberPx landmark residual (pixels) above which PnP down-weights it
 * @param shapePrior weight of the Gaussian prior on β
 * @param fitIterations Levenberg-Marquardt iterations per frame
 * @param poseSmoothingFrames σ (frames) of the zero-phase Gaussian pose smoothing; 0 turns it off
 * @param textureSize side of the mean UV texture
 * @param conditionMargin margin around the mean shape in the front-view framing (fraction)
 * @param conditionInset the condition maps show the face only inside the mean shape's front-view
 *     silhouette shrunk by this many pixels (at conditionSize), so that their border does not move
 *     with the expression; 0 (subjects tracked before this key): the mesh's own outline
 * @param mouthCavity the condition maps leave the triangles that close MediaPipe's mouth black, so
 *     that an open mouth shows as a cavity (ours; false in configs/tracking.json, see docs/study.md);
 *     false for subjects tracked before this key
 * @param minTrainFrames fewest training frames accepted
 * @param background RGB 0..255 composited behind the mask
 */
public record TrackingSettings(
        int frameSize,
        int conditionSize,
        int expressionDim,
        double focalFactor,
        double cropScale,
        double cropCenterOffsetY,
        double canonicalScale,
        double minDetectionScore,
        double minMeshScore,
        double testFraction,
        double huberPx,
        double shapePrior,
        int fitIterations,
        double poseSmoothingFrames,
        int textureSize,
        double conditionMargin,
        int conditionInset,
        boolean mouthCavity,
        int minTrainFrames,
        List<Integer> background) {

    public TrackingSettings {
        Checks.atLeast("frameSize", frameSize, 64);
        Checks.atLeast("conditionSize", conditionSize, 16);
        Checks.atLeast("expressionDim", expressionDim, 1);
        Checks.positive("focalFactor", focalFactor);
        Checks.positive("cropScale", cropScale);
        if (!Double.isFinite(cropCenterOffsetY)) {
            throw new IllegalArgumentException("cropCenterOffsetY must be finite");
        }
        Checks.positive("canonicalScale", canonicalScale);
        unit("minDetectionScore", minDetectionScore);
        unit("minMeshScore", minMeshScore);
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1), was " + testFraction);
        }
        Checks.positive("huberPx", huberPx);
        Checks.nonNegative("shapePrior", shapePrior);
        Checks.atLeast("fitIterations", fitIterations, 1);
        Checks.nonNegative("poseSmoothingFrames", poseSmoothingFrames);
        Checks.atLeast("textureSize", textureSize, 16);
        Checks.nonNegative("conditionMargin", conditionMargin);
        Checks.atLeast("conditionInset", conditionInset, 0);
        Checks.atLeast("minTrainFrames", minTrainFrames, 2);
        if (background == null || background.size() != 3 || background.stream().anyMatch(v -> v == null || v < 0 || v > 255)) {
            throw new IllegalArgumentException("background must be three values in 0..255, was " + background);
        }
        background = List.copyOf(background);
    }

    private static void unit(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], was " + v);
        }
    }

    /** The defaults of {@code configs/tracking.json}. */
    public static TrackingSettings defaults() {
        return new TrackingSettings(736, 128, 32, 3.0, 2.6, 0.2, 0.125, 0.5, 0.5, 0.2, 2.0, 1e-3, 30, 1.0, 256, 0.1, 4, false, 30,
                List.of(255, 255, 255));
    }

    /** A copy with another expression dimension. */
    public TrackingSettings withExpressionDim(int k) {
        return with("expressionDim=" + k);
    }

    /**
     * A copy with {@code overrides} applied ({@code "frameSize=128"}; values are JSON), validated
     * like {@code configs/tracking.json}: one key changed by name, the rest kept.
     */
    public TrackingSettings with(String... overrides) {
        return new ConfigLoader().with(this, List.of(overrides));
    }
}
