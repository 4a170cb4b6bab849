package org.tri2plane.core.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Optimiser and schedule: Adam (lr 1e-4 in the paper) with a per-block multiplier of the rate
 * ({@code blockLearningRates}: encoder, mapping, generator, canonical, mlp, sr, latents, aligned; a block not named
 * uses 1) and a warm-up + cosine {@link ScheduleConfig}; batch size, seed, steps; how often to
 * save a checkpoint, write a preview image and render {@code validationFrames} held-out frames for
 * the logged validation PSNR; {@code slidingWindow} draws a random window offset per sample
 * (Sec. 3.4; false trains on the centred window only, the ablation of the paper's Table 2);
 * {@code meanGammaProbability} drives each training sample with that probability by the mean code
 * γ̄ (without gradient) instead of its own γ_t, so that what a frame shows must come from its
 * expression inputs and cannot be stored in γ_t alone, as it is rendered in cross-reenactment (ours;
 * 0 in the paper's configs); {@code regionPatchProbability} is the probability that a step's finest
 * patch (the Φ512 tile and the Φ256 quadrant, rendered with gradient) is the one holding the first
 * sample's mouth rather than a uniformly drawn one (ours; 0 in the paper's configs).
 */
public record TrainingConfig(
        double learningRate,
        Map<String, Double> blockLearningRates,
        ScheduleConfig schedule,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        int batchSize,
        long seed,
        int steps,
        int checkpointEvery,
        int previewEvery,
        int validationEvery,
        int validationFrames,
        boolean slidingWindow,
        double meanGammaProbability,
        double regionPatchProbability) {

    /** The blocks {@code blockLearningRates} may name (the model's top-level blocks). */
    public static final Set<String> BLOCKS = Set.of("encoder", "mapping", "generator", "canonical", "mlp", "sr", "latents",
            "aligned");

    public TrainingConfig {
        Checks.positive("training.learningRate", learningRate);
        if (blockLearningRates == null) {
            throw new IllegalArgumentException("training.blockLearningRates is required ({} for none)");
        }
        for (Map.Entry<String, Double> e : blockLearningRates.entrySet()) {
            if (!BLOCKS.contains(e.getKey())) {
                throw new IllegalArgumentException("training.blockLearningRates: unknown block '" + e.getKey()
                        + "' (known: " + String.join(", ", new TreeSet<>(BLOCKS)) + ")");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("training.blockLearningRates." + e.getKey() + " must be a number");
            }
            Checks.positive("training.blockLearningRates." + e.getKey(), e.getValue());
        }
        blockLearningRates = Map.copyOf(blockLearningRates);
        if (schedule == null) {
            throw new IllegalArgumentException("training.schedule is required");
        }
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
        if (!(regionPatchProbability >= 0 && regionPatchProbability <= 1)) {
            throw new IllegalArgumentException("training.regionPatchProbability must be in [0, 1], was " + regionPatchProbability);
        }
        if (!(meanGammaProbability >= 0 && meanGammaProbability <= 1)) {
            throw new IllegalArgumentException("training.meanGammaProbability must be in [0, 1], was " + meanGammaProbability);
        }
    }

    /** The multiplier of the rate for top-level block {@code block}. */
    public double blockRate(String block) {
        return blockLearningRates.getOrDefault(block, 1.0);
    }

    /** The base rate at 1-based {@code step}, scheduled over {@link #steps()}. */
    public double learningRateAt(long step) {
        return learningRate * schedule.factor(step, steps);
    }
}
