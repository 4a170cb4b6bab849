package org.tri2plane.core.config;

/** Mapping MLP from [embedding, β_t, γ_t] to the style vector w (the paper uses four layers). */
public record MappingConfig(int layers, int hiddenDim, int styleDim) {
    public MappingConfig {
        Checks.atLeast("mapping.layers", layers, 1);
        Checks.positive("mapping.hiddenDim", hiddenDim);
        Checks.positive("mapping.styleDim", styleDim);
    }
}
