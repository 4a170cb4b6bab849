package org.tri2plane.core.config;

import java.util.List;

/**
 * Condition encoder: one conv block per entry of {@code channels} (each halves the resolution),
 * average-pooled to {@code pooledSize}², flattened and projected to {@code embeddingDim} (the
 * paper's global path into the style). {@code alignedChannels} &gt; 0 adds spatially aligned
 * conditioning with that many feature channels ({@code AlignedCondition}; ours, 0 in the paper's
 * configs). {@code globalCondition} false zeroes the global path's embedding and β_t in the style
 * (ours; true, the paper's path, in every shipped config).
 */
public record EncoderConfig(List<Integer> channels, int pooledSize, int embeddingDim, int alignedChannels,
        boolean globalCondition) {
    public EncoderConfig {
        channels = Checks.positiveList("encoder.channels", channels);
        Checks.powerOfTwo("encoder.pooledSize", pooledSize);
        Checks.positive("encoder.embeddingDim", embeddingDim);
        Checks.nonNegative("encoder.alignedChannels", alignedChannels);
    }
}
