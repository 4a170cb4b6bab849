package org.tri2plane.core.config;

import java.util.List;

/**
 * U-Net super-resolution over the 16-patch Φ512 feature image: one level per entry of
 * {@code channels} (each below the first halves the resolution). {@code outputResolution} is
 * the window size (512) or twice it (1024, adds the learned x2 stage).
 */
public record SuperResolutionConfig(List<Integer> channels, int outputResolution) {
    public SuperResolutionConfig {
        channels = Checks.positiveList("superResolution.channels", channels);
        Checks.positive("superResolution.outputResolution", outputResolution);
        Checks.atMost("superResolution.outputResolution", outputResolution, 4096);
    }
}
