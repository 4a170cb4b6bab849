package org.tri2plane.core.config;

import java.util.List;

/**
 * Loss weights (Eq. 10-13): L1 per scale on the first three rendered channels
 * ({@code rgbWeights}, coarse to fine), {@code lambdaPerceptual} on the SR image (LPIPS or
 * 1 - MS-SSIM), {@code lambdaMask} on the rendered mask, and an optional {@code srL1Weight}
 * (the released code's L1 on the SR image; 0 in the paper). {@code regionWeight} multiplies the
 * L1 terms on the pixels of the mouth and the eyes (the tracked lip and eyelid contours, widened),
 * where expressions show but which cover a few percent of the image (ours; 1, no weighting, in the
 * paper's configs).
 */
public record LossConfig(
        List<Double> rgbWeights, double lambdaPerceptual, double lambdaMask, double srL1Weight, double regionWeight) {
    public LossConfig {
        Checks.notEmpty("loss.rgbWeights", rgbWeights);
        if (rgbWeights.size() != 3) {
            throw new IllegalArgumentException(
                    "loss.rgbWeights must hold one weight per scale (3), was " + rgbWeights);
        }
        for (double w : rgbWeights) {
            Checks.nonNegative("loss.rgbWeights[]", w);
        }
        rgbWeights = List.copyOf(rgbWeights);
        Checks.nonNegative("loss.lambdaPerceptual", lambdaPerceptual);
        Checks.nonNegative("loss.lambdaMask", lambdaMask);
        Checks.nonNegative("loss.srL1Weight", srL1Weight);
        if (!(regionWeight >= 1)) {
            throw new IllegalArgumentException("loss.regionWeight must be at least 1 (1: no weighting), was " + regionWeight);
        }
    }
}
