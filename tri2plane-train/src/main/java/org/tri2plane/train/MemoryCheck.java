package org.tri2plane.train;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.model.ModelSummary;

/**
 * Refuses, before step 1, a config whose training step cannot fit on the device: the
 * {@link ModelSummary} estimate of peak tensor memory (parameters, gradients, Adam moments,
 * activations kept for backward and the largest no-grad tile) against the device's whole memory
 * (physical RAM on the CPU, the GPU's memory on CUDA). The estimate leaves out the runtime's own
 * footprint, so a config that passes may still be tight; one that fails cannot run.
 */
final class MemoryCheck {

    private MemoryCheck() {}

    /** What is wrong with training {@code config} on {@code deviceBytes} of memory, or null when it can fit. */
    static String problem(Tri2PlaneConfig config, int trainFrames, Device device, long deviceBytes) {
        if (deviceBytes <= 0) {
            return null; // unknown: nothing to compare with
        }
        double needMb = ModelSummary.of(config, trainFrames).peakMegabytes();
        double haveMb = deviceBytes / (1024.0 * 1024.0);
        if (needMb <= haveMb) {
            return null;
        }
        return String.format(Locale.ROOT, "config '%s' needs about %.1f GB for one training step (estimate of"
                + " 'tri2plane model-summary'), but %s has %.1f GB; lower training.batchSize,"
                + " rendering.samplesPerRay or frame.windowSize (e.g. with --set KEY=VALUE), or train on a larger device", config.name(), needMb / 1024,
                device, haveMb / 1024);
    }

    /** The whole memory of {@code device} in bytes: the GPU's memory, or physical RAM; 0 when it cannot be read. */
    static long deviceBytes(Device device) {
        try {
            if (device.isGpu()) {
                return ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getMax();
            }
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // no CUDA library or no management bean: the check is skipped
        }
        return 0;
    }
}
