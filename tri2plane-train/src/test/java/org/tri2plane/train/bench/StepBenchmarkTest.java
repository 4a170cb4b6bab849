package org.tri2plane.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.ConfigLoader;

/** A short benchmark run reports every stage, the requested runs and memory samples, and consistent FLOPs. */
class StepBenchmarkTest {

    @Test
    void shortRunReportsStagesRunsAndMemory() {
        List<Integer> progress = new ArrayList<>();
        StepBenchmark.Result r = StepBenchmark.run(new ConfigLoader().load(java.nio.file.Path.of("..", "configs", "tiny.json")),
                new StepBenchmark.Options(1, 2, 1, 1, false), progress::add);
        assertEquals(List.of(1, 2, 3), progress);
        assertEquals(2, r.step().runs());
        assertEquals(1, r.inference().runs());
        assertTrue(r.step().min() <= r.step().median() && r.step().median() <= r.step().max());
        assertTrue(r.forward().median() + r.backward().median() <= r.step().max() + 1e-9);
        assertEquals(List.of("data", "generator", "sampling", "mlp", "compositing", "sr", "loss", "backward", "optimizer"),
                List.copyOf(r.stageMedians().keySet()));
        // the stages partition the step: their medians add up to about the step median
        double sum = r.stageMedians().values().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(Math.abs(sum - r.step().median()) < 0.5 * r.step().median(), "stages " + sum + " vs step " + r.step().median());
        assertEquals(3, r.memory().size());
        assertEquals(r.memory().get(1).liveArrays(), r.memory().get(2).liveArrays(), "live arrays constant between steps");
        assertTrue(r.stepGflops() > r.forwardGflops() && r.stepGflops() < 3 * r.forwardGflops());
        assertNull(r.peak());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new StepBenchmark.Options(0, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new StepBenchmark.Options(0, 1, -1, 1, false));
    }
}
