package org.tri2plane.train;

import java.nio.file.Path;
import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * One training run: subject directory, config, output directory; optional overrides of the
 * number of steps and the seed, the intra-op thread count, LPIPS weights (null: 1 − MS-SSIM), and
 * whether to continue from the run's checkpoint.
 */
public record TrainOptions(Path subject, Tri2PlaneConfig config, Path out, Integer steps, Long seed, Integer threads,
        Path lpipsWeights, boolean resume) {}
