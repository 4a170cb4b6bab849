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
    void shortRunReportsStagesRunsAndMemory() throws java.io.IOException {
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
        assertNull(r.ops(), "no profile asked");
    }

    @Test
    void aProfiledRunListsTheOperatorsOfItsTimedSteps(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path trace = dir.resolve("trace.json");
        StepBenchmark.Result r = StepBenchmark.run(new ConfigLoader().load(java.nio.file.Path.of("..", "configs", "tiny.json")),
                new StepBenchmark.Options(1, 1, 0, 1, false, trace), done -> { });
        assertTrue(java.nio.file.Files.size(trace) > 0, "trace written");
        assertEquals(1, r.ops().steps());
        List<String> names = r.ops().ops().stream().map(OpProfile.Op::name).toList();
        assertTrue(names.stream().anyMatch(n -> n.contains("conv")), "a convolution among the top operators: " + names);
        double listed = r.ops().ops().stream().mapToDouble(o -> o.selfSeconds()).sum();
        assertTrue(listed <= r.ops().selfSeconds() + 1e-9 && r.ops().selfSeconds() < 2 * r.step().max(),
                "self times " + r.ops().selfSeconds() + " s against a step of " + r.step().max() + " s");
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new StepBenchmark.Options(0, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new StepBenchmark.Options(0, 1, -1, 1, false));
    }
}
