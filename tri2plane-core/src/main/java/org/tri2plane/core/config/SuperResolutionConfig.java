package org.tri2plane.core.config;

import java.util.List;

/**
 * U-Net super-resolution over the 16-patch Φ512 feature image: one level per entry of
 * {@code channels} (each below the first halves the resolution). {@code outputResolution} is
 * the window size (512) or twice it (1024, adds the learned x2 stage). {@code trainingTiles} is
 * the side, in tiles of the 4 x 4 grid, of the SR input a training step renders and supervises:
 * 4 is the whole window (the paper), 2 the 2 x 2 tiles around the Φ512 tile (ours: 3 no-grad
 * tiles a step instead of 15). Inference always super-resolves the whole window.
 */
public record SuperResolutionConfig(List<Integer> channels, int outputResolution, int trainingTiles) {
    public SuperResolutionConfig {
        channels = Checks.positiveList("superResolution.channels", channels);
        Checks.positive("superResolution.outputResolution", outputResolution);
        Checks.atMost("superResolution.outputResolution", outputResolution, 4096);
        if (trainingTiles < 1 || trainingTiles > 4) {
            throw new IllegalArgumentException("superResolution.trainingTiles must be 1..4 (tiles per side of the 4 x 4 grid;"
                    + " 4 = the whole window, as the paper), was " + trainingTiles);
        }
    }
}
