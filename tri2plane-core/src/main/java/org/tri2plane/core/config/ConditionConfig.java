package org.tri2plane.core.config;

/**
 * The condition image I_t: front-view mean-texture RGB plus normal map, {@code channels} x
 * {@code size}², with Gaussian noise of {@code noiseStd} added during training.
 */
public record ConditionConfig(int channels, int size, double noiseStd) {
    public ConditionConfig {
        Checks.positive("condition.channels", channels);
        Checks.powerOfTwo("condition.size", size);
        Checks.nonNegative("condition.noiseStd", noiseStd);
    }
}
