package org.tri2plane.eval;

import org.tri2plane.render.landmarks.MouthOpening;

/**
 * The metrics of one frame pair. PSNR and SD in dB (+∞ for identical images), SSIM and MS-SSIM
 * in [0, 1], LPIPS NaN without weights, F-LMD in pixels at 512² (NaN when the reference has no
 * face), the face-mesh score of the prediction (NaN without F-LMD); image metrics NaN when only
 * landmarks were compared; the two landmark sets (136 values at 512², null when not measured); CSIM
 * against the subject's identity reference (NaN without one, or when no face was found); AED/APD
 * against the parameters the frame was rendered from ({@link MotionAccuracy.Errors#NONE} without). The
 * mouth openings of both landmark sets follow from them.
 */
public record FrameScores(int index, double psnr, double ssim, double msssim, double sd, double lpips, double flmd,
        double predScore, boolean truthFace, double[] predPoints, double[] referencePoints, double csim,
        MotionAccuracy.Errors motion) {

    /** The prediction's mouth opening ({@link MouthOpening}); NaN when its landmarks were not measured. */
    public double mouthPred() {
        return MouthOpening.of(predPoints);
    }

    /** The reference's mouth opening (ground truth or expected landmarks); NaN when not measured. */
    public double mouthRef() {
        return MouthOpening.of(referencePoints);
    }

    /** These scores with CSIM {@code value}. */
    public FrameScores withCsim(double value) {
        return new FrameScores(index, psnr, ssim, msssim, sd, lpips, flmd, predScore, truthFace, predPoints, referencePoints, value,
                motion);
    }

    /** These scores with AED/APD {@code errors}. */
    public FrameScores withMotion(MotionAccuracy.Errors errors) {
        return new FrameScores(index, psnr, ssim, msssim, sd, lpips, flmd, predScore, truthFace, predPoints, referencePoints, csim,
                errors);
    }
}
