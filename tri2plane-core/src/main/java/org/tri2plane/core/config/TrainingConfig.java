package org.tri2plane.core.config;

/**
 * Optimiser and schedule: Adam (lr 1e-4 in the paper), batch size, seed, steps; how often to save a
 * checkpoint, write a preview image and render {@code validationFrames} held-out frames for the
 * logged validation PSNR.
 */
public record TrainingConfig(
        double learningRate,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        int batchSize,
        long seed,
        int steps,
        int checkpointEvery,
        int previewEvery,
        int validationEvery,
        int validationFrames) {
    public TrainingConfig {
        Checks.positive("training.learningRate", learningRate);
        if (!(adamBeta1 >= 0 && adamBeta1 < 1)) {
            throw new IllegalArgumentException("training.adamBeta1 must be in [0, 1), was " + adamBeta1);
        }
        if (!(adamBeta2 >= 0 && adamBeta2 < 1)) {
            throw new IllegalArgumentException("training.adamBeta2 must be in [0, 1), was " + adamBeta2);
        }
        Checks.positive("training.adamEpsilon", adamEpsilon);
        Checks.positive("training.batchSize", batchSize);
        Checks.positive("training.steps", steps);
        Checks.positive("training.checkpointEvery", checkpointEvery);
        Checks.positive("training.previewEvery", previewEvery);
        Checks.positive("training.validationEvery", validationEvery);
        Checks.atLeast("training.validationFrames", validationFrames, 0);
    }
}
