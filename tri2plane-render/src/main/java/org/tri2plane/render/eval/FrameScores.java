package org.tri2plane.render.eval;

/**
 * The metrics of one frame pair. PSNR and SD in dB (+∞ for identical images), SSIM and MS-SSIM
 * in [0, 1], LPIPS NaN without weights, F-LMD in pixels at 512² (NaN when the reference has no
 * face), the face-mesh score of the prediction (NaN without F-LMD); image metrics NaN when only
 * landmarks were compared; the two landmark sets (136 values at 512², null when not measured); CSIM
 * against the subject's identity reference (NaN without one, or when no face was found).
 */
public record FrameScores(int index, double psnr, double ssim, double msssim, double sd, double lpips, double flmd,
        double predScore, boolean truthFace, double[] predPoints, double[] referencePoints, double csim) {}
