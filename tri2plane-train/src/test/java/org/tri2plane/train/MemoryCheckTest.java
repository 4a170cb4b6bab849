package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.model.ModelSummary;

class MemoryCheckTest {

    private static final long GB = 1024L * 1024 * 1024;

    private static Tri2PlaneConfig paper(String... overrides) {
        return new ConfigLoader().load(Path.of("..", "configs", "paper.json"), List.of(overrides));
    }

    @Test
    void aStepThatCannotFitIsRefusedWithTheEstimateAndWhatToLower() {
        Tri2PlaneConfig huge = paper("rendering.samplesPerRay=1024");
        double needGb = ModelSummary.of(huge, 100).peakMegabytes() / 1024;
        assertTrue(needGb > 100, "1024 samples per ray at 512 px need far more than this machine: " + needGb);
        String p = MemoryCheck.problem(huge, 100, Device.cpu(), 24 * GB);
        assertTrue(p != null && p.contains("'paper'") && p.contains("24.0 GB") && p.contains("rendering.samplesPerRay")
                && p.contains(String.format(java.util.Locale.ROOT, "%.1f GB", needGb)), p);
        assertNull(MemoryCheck.problem(paper(), 100, Device.cpu(), 24 * GB), "the paper config fits in 24 GB");
        assertNull(MemoryCheck.problem(SyntheticSubject.config(), 8, Device.cpu(), GB / 2), "the tiny test config fits in 0.5 GB");
        assertNull(MemoryCheck.problem(huge, 100, Device.cpu(), 0), "unknown device memory: no refusal");
    }

    @Test
    void theCpusMemoryIsThePhysicalRam() {
        long bytes = MemoryCheck.deviceBytes(Device.cpu());
        assertTrue(bytes > GB / 2 && bytes < 64L * 1024 * GB, "physical RAM: " + bytes);
    }
}
