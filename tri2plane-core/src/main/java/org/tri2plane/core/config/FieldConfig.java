package org.tri2plane.core.config;

/**
 * The NeRF MLP shared by all scales: summed tri-plane features → density (one hidden layer of
 * {@code hiddenDim}) and {@code featureChannels} features whose first three are RGB; optional
 * view-direction encoding with {@code viewFrequencies} octaves and density noise in training.
 */
public record FieldConfig(
        int hiddenDim, int featureChannels, int viewFrequencies, double densityNoiseStd) {
    public FieldConfig {
        Checks.positive("field.hiddenDim", hiddenDim);
        Checks.atLeast("field.featureChannels", featureChannels, 3);
        Checks.atLeast("field.viewFrequencies", viewFrequencies, 0);
        Checks.nonNegative("field.densityNoiseStd", densityNoiseStd);
    }
}
