package org.tri2plane.core.config;

import java.util.List;

/**
 * Condition encoder: one conv block per entry of {@code channels} (each halves the resolution),
 * average-pooled to {@code pooledSize}², flattened and projected to {@code embeddingDim}.
 */
public record EncoderConfig(List<Integer> channels, int pooledSize, int embeddingDim) {
    public EncoderConfig {
        channels = Checks.positiveList("encoder.channels", channels);
        Checks.powerOfTwo("encoder.pooledSize", pooledSize);
        Checks.positive("encoder.embeddingDim", embeddingDim);
    }
}
