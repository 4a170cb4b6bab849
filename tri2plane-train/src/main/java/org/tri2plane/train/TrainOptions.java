package org.tri2plane.train;

import ai.djl.Device;
import java.nio.file.Path;
import org.tri2plane.core.config.Tri2PlaneConfig;

/**
 * One training run: subject directory, config, output directory; optional overrides of the
 * number of steps and the seed, the intra-op thread count, LPIPS weights (null: 1 − MS-SSIM),
 * whether to continue from the run's checkpoint, and the device to train on (null: the engine's
 * default device). One device: training over several was removed, since its slots ran one after
 * another and could not be faster than one device (README, "GPU").
 */
public record TrainOptions(Path subject, Tri2PlaneConfig config, Path out, Integer steps, Long seed, Integer threads,
        Path lpipsWeights, boolean resume, Device device) {

    /** A run on the default device. */
    public TrainOptions(Path subject, Tri2PlaneConfig config, Path out, Integer steps, Long seed, Integer threads,
            Path lpipsWeights, boolean resume) {
        this(subject, config, out, steps, seed, threads, lpipsWeights, resume, null);
    }
}
