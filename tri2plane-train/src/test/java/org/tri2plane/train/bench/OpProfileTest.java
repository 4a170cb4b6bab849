package org.tri2plane.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self times of nested profiler events, worked by hand. */
class OpProfileTest {

    @Test
    void selfTimeIsDurationLessTheDirectChildrenPerThread() {
        // thread 1: conv [0, 100) calls mkldnn [10, 70), which calls fill [20, 30); then add [100, 120)
        // thread 2: conv [5, 45) alone
        List<OpProfile.Event> events = List.of(
                new OpProfile.Event("add", "1", 100, 20),
                new OpProfile.Event("fill", "1", 20, 10),
                new OpProfile.Event("conv", "1", 0, 100),
                new OpProfile.Event("mkldnn", "1", 10, 60),
                new OpProfile.Event("conv", "2", 5, 40));
        OpProfile p = OpProfile.of(events, 2, 10);
        // conv: (100 - 60) + 40 = 80 µs in 2 calls; mkldnn 60 - 10 = 50; add 20; fill 10; all 160 µs
        assertEquals(160e-6, p.selfSeconds(), 1e-12);
        assertEquals(List.of("conv", "mkldnn", "add", "fill"), p.ops().stream().map(OpProfile.Op::name).toList());
        OpProfile.Op conv = p.ops().get(0);
        assertEquals(2, conv.calls());
        assertEquals(80e-6, conv.selfSeconds(), 1e-12);
        assertEquals(0.5, conv.share(), 1e-12);
        assertEquals(50e-6, p.ops().get(1).selfSeconds(), 1e-12);
        assertEquals(2, p.steps());
    }

    @Test
    void keepsTheTopOperatorsAndReadsBothTraceLayouts(@TempDir Path dir) throws IOException {
        String events = "{\"name\":\"a\",\"ph\":\"X\",\"ts\":0,\"dur\":5,\"tid\":1},"
                + "{\"name\":\"b\",\"ph\":\"X\",\"ts\":10,\"dur\":3,\"tid\":1},"
                + "{\"name\":\"flow\",\"ph\":\"s\",\"ts\":10,\"tid\":1},"
                + "{\"name\":\"c\",\"ph\":\"X\",\"ts\":20,\"dur\":1,\"tid\":1}";
        Path array = Files.writeString(dir.resolve("array.json"), "[" + events + "]");
        Path object = Files.writeString(dir.resolve("object.json"), "{\"traceEvents\":[" + events + "]}");
        for (Path trace : List.of(array, object)) {
            OpProfile p = OpProfile.read(trace, 1, 2);
            assertEquals(List.of("a", "b"), p.ops().stream().map(OpProfile.Op::name).toList(), trace.toString());
            assertEquals(9e-6, p.selfSeconds(), 1e-12, "the share counts operators left out of the list");
        }
    }
}
