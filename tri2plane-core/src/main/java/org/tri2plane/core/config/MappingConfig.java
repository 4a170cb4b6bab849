package org.tri2plane.core.config;

/**
 * Mapping MLP from [embedding, β_t, γ_t] to the style vector w (the paper uses four layers).
 * {@code lrMultiplier} is StyleGAN2's learning-rate multiplier of the mapping layers (0.01 there):
 * weights are stored ~N(0, 1/m²) and scaled by m/√in at run time, so Adam moves the effective
 * weights m times slower than the other blocks.
 */
public record MappingConfig(int layers, int hiddenDim, int styleDim, double lrMultiplier) {
    public MappingConfig {
        Checks.atLeast("mapping.layers", layers, 1);
        Checks.positive("mapping.hiddenDim", hiddenDim);
        Checks.positive("mapping.styleDim", styleDim);
        Checks.positive("mapping.lrMultiplier", lrMultiplier);
        if (lrMultiplier > 1) {
            throw new IllegalArgumentException("mapping.lrMultiplier must be in (0, 1], was " + lrMultiplier);
        }
    }
}
