package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void logModePrintsTheStartAndEveryTenthOnce() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), "work", 100, "items", false)) {
            for (int i = 1; i <= 100; i++) {
                p.set(i);
            }
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        // the first item, then each further tenth (the last one once, not again on close)
        assertEquals(11, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains(" 1/100") && lines[0].contains("ETA"), lines[0]);
        assertTrue(lines[1].contains(" 10/100"), lines[1]);
        assertTrue(lines[10].startsWith("work [########################] 100/100"), lines[10]);
    }

    @Test
    void clockFormats() {
        assertEquals("0:05", Progress.clock(5));
        assertEquals("2:03", Progress.clock(123));
        assertEquals("1:00:01", Progress.clock(3601));
    }

    @Test
    void aResumedBarCountsOnlyThisRunsWorkInItsRate() throws InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), "train", 1000, "steps", false);
        p.resumeFrom(750);
        String first = p.line(System.nanoTime());
        assertTrue(first.contains("750/1000") && first.contains("– steps/s") && !first.contains("ETA"), first);
        Thread.sleep(50);
        p.set(760);
        String later = p.line(System.nanoTime());
        // 10 steps in about 0.05 s: some hundreds per second, not 760 / 0.05 = 15,000
        double rate = Double.parseDouble(later.replaceAll(".*  ([0-9.]+) steps/s.*", "$1"));
        assertTrue(rate > 0 && rate < 10 / 0.05 * 1.01, later);
        assertTrue(later.contains("ETA"), later);
    }
}
