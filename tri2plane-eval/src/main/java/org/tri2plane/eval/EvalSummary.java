package org.tri2plane.eval;

/**
 * What {@code summary.json} of an evaluation holds: the inputs, the frames and resolutions the
 * numbers come from, and the mean of each metric over the frames (PSNR and SD in dB, +∞ when
 * every frame is identical; LPIPS null and {@code lpipsNetwork} "unavailable" without weights;
 * F-LMD in pixels at 512² over the frames where the reference has a face, null if none;
 * {@code predWithoutFace} counts predictions whose face-mesh score is below the tracker's
 * threshold, {@code truthWithoutFace} ground-truth frames where no face was detected; CSIM: the
 * mean identity similarity to {@code identityReference}'s training frames over the
 * {@code csimFrames} predictions with a face, null without a reference; both absent in summaries
 * written before CSIM existed); APD (rotation in degrees, translation in mm) and AED (mean
 * |Δβ| and mean vertex distance in mm) over the {@code motionFrames} predictions with a face,
 * null without {@code render --expected-params} parameters); {@code expression}: the mouth opening
 * of prediction and reference over the sequence and AED of the mouth and eyes (absent in summaries
 * written before it existed).
 */
public record EvalSummary(
        String format,
        int version,
        String pred,
        String gt,
        String gtLandmarks,
        String mask,
        int frames,
        int firstIndex,
        int lastIndex,
        int resolution,
        int landmarkResolution,
        Double psnr,
        Double ssim,
        Double msssim,
        Double sd,
        Double lpips,
        String lpipsNetwork,
        Double flmd,
        int flmdFrames,
        int predWithoutFace,
        int truthWithoutFace,
        double seconds,
        double framesPerSecond,
        Double csim,
        int csimFrames,
        String identityReference,
        Double apdRotationDeg,
        Double apdTranslationMm,
        Double aedBeta,
        Double aedVertexMm,
        int motionFrames,
        Expression expression) {

    public static final String FORMAT = "tri2plane-eval";
    public static final int VERSION = 1;

    /**
     * Whether the prediction makes the expressions of its reference: how its mouth opening follows
     * the reference's over the sequence (gain and correlation, {@link SequenceAgreement}; null
     * without F-LMD landmarks), and AED restricted to the lips and to the eyes in mm (null without
     * {@code --gt-params}).
     */
    public record Expression(SequenceAgreement mouth, Double aedMouthMm, Double aedEyesMm) {}
}
