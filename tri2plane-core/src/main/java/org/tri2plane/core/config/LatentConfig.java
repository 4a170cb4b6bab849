package org.tri2plane.core.config;

/** Sizes of the per-frame learnable code γ_t and of the expression coefficients β_t. */
public record LatentConfig(int gammaDim, int expressionDim) {
    public LatentConfig {
        Checks.atLeast("latents.gammaDim", gammaDim, 0);
        Checks.atLeast("latents.expressionDim", expressionDim, 0);
    }
}
