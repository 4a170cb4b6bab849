package org.tri2plane.eval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's ratios are DJL / PyTorch medians of the parts, and every part reaches the summary. */
class BenchReportTest {

    @Test
    void ratiosAreDjlOverPythonMedians(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("djl-tiny.json"), """
                {"config":"tiny","pytorch":"2.3.1",
                 "step":{"median":0.20,"min":0.18,"max":0.30,"runs":10},
                 "forward":{"median":0.12,"min":0.1,"max":0.2,"runs":10},
                 "backward":{"median":0.06,"min":0.05,"max":0.07,"runs":10},
                 "inference":{"median":0.05,"min":0.04,"max":0.06,"runs":3},
                 "stageMedians":{"sampling":0.04,"mlp":0.02},
                 "forwardGflops":1.5,"stepGflops":4.0,"achievedGflopsStep":20.0,"achievedGflopsForward":12.5,
                 "rssPeakMb":900,"rssGrowthMb":3,"nativeGrowthMb":1,"warmupSteps":10,"timedSteps":1000}
                """);
        Files.writeString(dir.resolve("python-tiny.json"), """
                {"torch":"1.13.1",
                 "times":{"step":{"median":0.25,"min":0.2,"max":0.3},"forward":{"median":0.16,"min":0.1,"max":0.2},
                          "backward":{"median":0.04,"min":0.03,"max":0.05}},
                 "inference":{"median":0.10,"min":0.09,"max":0.11},
                 "stages":{"sampling":0.02,"mlp":0.04},
                 "rss":{"peakMb":700}}
                """);
        Files.writeString(dir.resolve("render-tiny-512.json"), """
                {"config":"tiny","outputResolution":512,"secondsPerFrameMedian":0.14,"secondsPerFrameMin":0.12,
                 "secondsPerFrameMax":0.2,"framesPerSecond":7.0}
                """);
        Files.writeString(dir.resolve("environment.json"), "{\"cpu\":\"Test CPU\",\"threads\":2}");
        Files.writeString(dir.resolve("track.json"),
                "{\"report\":{\"framesKept\":200,\"seconds\":40.0,\"trackingFps\":42.0}}");

        JsonNode report = BenchReport.write(dir);

        JsonNode r = report.path("configs").path("tiny").path("ratios");
        assertEquals(0.20 / 0.25, r.path("ratioStep").asDouble(), 1e-12);
        assertEquals(0.12 / 0.16, r.path("ratioForward").asDouble(), 1e-12);
        assertEquals(0.06 / 0.04, r.path("ratioBackward").asDouble(), 1e-12);
        assertEquals(0.05 / 0.10, r.path("ratioInference").asDouble(), 1e-12);
        JsonNode s = report.path("configs").path("tiny").path("stageRatios");
        assertEquals(2.0, s.path("ratioSampling").asDouble(), 1e-12);
        assertEquals(0.5, s.path("ratioMlp").asDouble(), 1e-12);
        assertEquals(512, report.path("render").path("tiny-512").path("outputResolution").asInt());

        assertTrue(Files.exists(dir.resolve("report.json")));
        List<String> md = Files.readAllLines(dir.resolve("summary.md"));
        assertTrue(md.contains("| step | 0.200 (0.180–0.300) | 0.250 (0.200–0.300) | 0.80 |"), String.join("\n", md));
        assertTrue(md.contains("| sampling | 0.0400 | 0.0200 | 2.00 |"), String.join("\n", md));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("| tiny-512 | tiny | 512² | 0.140")));
        assertTrue(md.contains("| cpu | Test CPU |"));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("Memory (DJL): RSS peak 900 MB, growth 3 MB (outside the Java heap 1 MB)"
                + " over 1010 steps")), String.join("\n", md));
        assertTrue(md.stream().anyMatch(l -> l.startsWith("200 frames in 40.0 s end to end: **5.0 frames/s**")
                && l.contains("mesh alone 42.0 frames/s")), String.join("\n", md));
    }

    @Test
    void withoutPythonThereAreNoRatios(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("djl-tiny.json"), "{\"step\":{\"median\":0.2,\"min\":0.2,\"max\":0.2,\"runs\":1}}");
        JsonNode report = BenchReport.assemble(dir);
        assertFalse(report.path("configs").path("tiny").has("ratios"));
        assertTrue(BenchReport.markdown(report).contains("| step | 0.200 (0.200–0.200) | — | — |"));
    }

    @Test
    void aConfigTheReferenceDoesNotModelSaysWhyItHasNoRatio(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("djl-tiny.json"), "{\"step\":{\"median\":0.2,\"min\":0.2,\"max\":0.2,\"runs\":1}}");
        Files.writeString(dir.resolve("python-tiny.skipped"), "configs/tiny.json: the reference does not model generator.canonicalPlanes=true yet\n");
        JsonNode report = BenchReport.assemble(dir);
        assertFalse(report.path("configs").path("tiny").has("ratios"));
        assertTrue(report.path("configs").path("tiny").path("pythonNotCompared").asText().contains("canonicalPlanes=true"));
        assertTrue(BenchReport.markdown(report).contains("Not compared with PyTorch: configs/tiny.json: the reference does not model"
                + " generator.canonicalPlanes=true yet."));
    }
}
