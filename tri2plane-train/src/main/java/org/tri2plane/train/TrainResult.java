package org.tri2plane.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a run ended: the last step reached, whether it was interrupted (Ctrl-C), the first and last
 * logged total loss, the last loss terms, the last validation PSNR (NaN when none was measured),
 * the perceptual term used and the checkpoint written.
 */
public record TrainResult(long step, boolean interrupted, double firstLoss, double lastLoss, Map<String, Float> lastTerms,
        double validationPsnr, String perceptual, Path checkpoint, double secondsPerStep) {}
