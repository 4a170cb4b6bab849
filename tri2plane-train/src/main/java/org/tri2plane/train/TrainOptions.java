package org.tri2plane.train;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * One training run: subject directory, config, output directory; optional overrides of the
 * number of steps and the seed, the intra-op thread count, LPIPS weights (null: 1 − MS-SSIM),
 * whether to continue from the run's checkpoint, and the devices to train on data-parallel (null
 * or empty: the engine's default device).
 */
public record TrainOptions(Path subject, Tri2PlaneConfig config, Path out, Integer steps, Long seed, Integer threads,
        Path lpipsWeights, boolean resume, List<Device> devices) {

    /** A run on the default device. */
    public TrainOptions(Path subject, Tri2PlaneConfig config, Path out, Integer steps, Long seed, Integer threads,
            Path lpipsWeights, boolean resume) {
        this(subject, config, out, steps, seed, threads, lpipsWeights, resume, null);
    }
}
