package org.tri2plane.train;

import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * {@code checkpoint.json}: the step reached, the seed, the full config, which subject (its
 * directory, source-video SHA-256 and number of training frames), the perceptual term used, and
 * the optimiser's step count and learning rate. Beside it: the model ({@code model.json},
 * {@code model.params}) and the Adam moments ({@code optimizer.bin}).
 */
public record CheckpointMeta(
        String format,
        int formatVersion,
        long step,
        long seed,
        Tri2PlaneConfig config,
        String subject,
        String subjectSourceSha256,
        int trainFrames,
        String perceptual,
        long adamStep,
        double learningRate) {

    public static final String FORMAT = "tri2plane-checkpoint";
    public static final int VERSION = 1;
}
