package org.tri2plane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.tracking.TrackingPipeline;
import org.tri2plane.tracking.assets.AssetStore;

/**
 * Ctrl-C or SIGTERM during {@code tri2plane track}, in a real process: the user is told where the
 * finished work is and to run again with --resume, and that run finishes the subject. Needs the
 * sample video and face models (fetched like the end-to-end test).
 */
@Tag("e2e")
class TrackInterruptTest {

    @Test
    void sigtermDuringTrackingSaysHowToResumeAndTheResumeFinishes(@TempDir Path tmp) throws Exception {
        Path assets = AssetStore.defaultDirectory();
        assertEquals(0, Tri2planeCommand.commandLine().execute("fetch-assets", "--assets-dir", assets.toString()));
        Path settings = Path.of(TrackInterruptTest.class.getResource("/e2e/tracking.json").toURI());
        Path out = tmp.resolve("franck");
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Tri2planeCommand.class.getName(),
                "track", "--video", assets.resolve("franck.mp4").toString(), "--out", out.toString(), "--settings",
                settings.toString(), "--fps", "8", "--max-frames", "40", "--assets-dir", assets.toString()));
        Path stderr = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(args).redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(stderr.toFile()).start();
        Path track = TrackingPipeline.partialDirectory(out).resolve("track.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.isRegularFile(track) && Files.readAllLines(track).size() >= 3) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "still tracking when interrupted: " + Files.readString(stderr));
        p.destroy(); // SIGTERM, which runs the shutdown hooks as Ctrl-C does
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends");
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertTrue(err.contains("interrupted") && err.contains(TrackingPipeline.partialDirectory(out).toString())
                && err.contains("--resume"), err);
        assertTrue(Files.isRegularFile(track), "the finished landmarks are kept");

        int code = Tri2planeCommand.commandLine().execute("track", "--video", assets.resolve("franck.mp4").toString(), "--out",
                out.toString(), "--settings", settings.toString(), "--fps", "8", "--max-frames", "40", "--assets-dir",
                assets.toString(), "--resume");
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(out.resolve("subject.json")));
        assertTrue(!Files.exists(TrackingPipeline.partialDirectory(out)), "the partial folder became the subject");
    }
}
