package org.tri2plane.core.model;

import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * {@code checkpoint.json}: the step reached, the seed, the full config, which subject (its
 * directory, source-video SHA-256 and number of training frames), the perceptual term used, and
 * the optimiser's step count and learning rate, and the SHA-256 of the Adam moments beside it
 * ({@code optimizer.bin}; the model's own files, {@code model.json} and {@code model.params},
 * carry theirs), and where the run trained ({@link RunEnvironment}). Version 2 added that hash,
 * version 3 the environment (null in older checkpoints, which still load).
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
        double learningRate,
        String optimizerSha256,
        RunEnvironment environment) {

    public static final String FORMAT = "tri2plane-checkpoint";
    public static final int VERSION = 3;

    /** The oldest version that still loads. */
    public static final int OLDEST_VERSION = 2;

    /** This metadata with the optimiser file's hash set. */
    public CheckpointMeta withOptimizerSha256(String sha256) {
        return new CheckpointMeta(format, formatVersion, step, seed, config, subject, subjectSourceSha256, trainFrames, perceptual,
                adamStep, learningRate, sha256, environment);
    }
}
