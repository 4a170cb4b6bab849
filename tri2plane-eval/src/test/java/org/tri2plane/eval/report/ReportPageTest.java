package org.tri2plane.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.eval.EvalSummary;
import org.tri2plane.eval.Evaluator;
import org.tri2plane.render.video.VideoWriter;
import org.tri2plane.train.SyntheticSubject;

/** The report page is self-contained, and a real browser (headless Chromium) loads every picture and plays every video. */
class ReportPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RgbImage solid(int side, int r, int g, int b) {
        byte[] px = new byte[side * side * 3];
        for (int i = 0; i < side * side; i++) {
            px[3 * i] = (byte) r;
            px[3 * i + 1] = (byte) g;
            px[3 * i + 2] = (byte) ((b + i) & 0xff);
        }
        return new RgbImage(side, side, px);
    }

    /** A subject, a run with a log, an evaluation with its frames, and a video: what a demo leaves. */
    static ReportPage.Request inputs(Path tmp) throws IOException {
        Path subject = SyntheticSubject.write(tmp.resolve("subject"), 6, 2, 4, 64, "rp");
        Path run = Files.createDirectories(tmp.resolve("run"));
        StringBuilder log = new StringBuilder();
        for (int s = 1; s <= 20; s++) {
            log.append(String.format(java.util.Locale.ROOT, "{\"step\":%d,\"total\":%.4f,\"terms\":{\"l1\":%.4f,\"mask\":%.4f}%s}%n", s,
                    1.0 / s, 0.8 / s, 0.2 / s, s % 10 == 0 ? ",\"heldOutPsnr\":" + (15 + s / 2.0) : ""));
        }
        Files.writeString(run.resolve("train_log.jsonl"), log);
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        Path gt = Files.createDirectories(tmp.resolve("gt"));
        StringBuilder csv = new StringBuilder("frame,psnr_db,ssim,ms_ssim,sd_db,lpips,flmd_px,csim,apd_rot_deg,apd_trans_mm,aed_beta,aed_vertex_mm\n");
        for (int i = 0; i < 4; i++) {
            solid(48, 200, 40 * i, 10).writePng(pred.resolve(String.format("%06d.png", i)));
            solid(48, 180, 40 * i, 30).writePng(gt.resolve(String.format("%06d.png", i)));
            csv.append(i).append(',').append(20 + i).append(",0.9,0.9,20,,3.0,0.8,2.0,9.0,0.1,2.5\n");
        }
        Path eval = Files.createDirectories(tmp.resolve("eval"));
        Files.writeString(eval.resolve(Evaluator.FRAMES_CSV), csv);
        EvalSummary s = new EvalSummary(EvalSummary.FORMAT, EvalSummary.VERSION, pred.toString(), gt.toString(), null, null, 4, 0, 3,
                512, 512, 21.5, 0.9, 0.9, 20.0, null, "unavailable", 3.0, 4, 0, 0, 1, 4, 0.8, 4, subject.toString(), 2.0, 9.0, 0.1,
                2.5, 4, null);
        Files.writeString(eval.resolve(Evaluator.SUMMARY), JSON.writeValueAsString(s));
        Path video = tmp.resolve("self.mp4");
        try (VideoWriter w = VideoWriter.open(video, 64, 64, 10, null)) {
            for (int i = 0; i < 10; i++) {
                w.write(solid(64, 25 * i, 100, 50));
            }
            w.commit();
        }
        return new ReportPage.Request(subject, run, List.of(new ReportPage.Named("self", eval)),
                List.of(new ReportPage.Named("self-reenactment", video)), tmp.resolve("report.html"));
    }

    @Test
    void thePageHoldsEverythingAndFetchesNothing(@TempDir Path tmp) throws IOException {
        Path page = ReportPage.write(inputs(tmp));
        String html = Files.readString(page);
        assertFalse(html.contains("http://") || html.contains("https://"), "no network, no CDN");
        assertFalse(Pattern.compile("src=\"(?!data:)").matcher(html).find(), "every source is inlined");
        assertTrue(html.contains("data:video/mp4;base64,"));
        assertTrue(html.contains("<td>21.50</td>") && html.contains("<td>0.80</td>") && html.contains("<td>2.50</td>"),
                "Table 1 with PSNR, CSIM and AED");
        assertTrue(html.contains("Worst frames"), "the worst frames are shown");
        assertTrue(html.contains("held-out PSNR during training"));
    }

    @Test
    void theMachineAndVersionsAreThoseOfTheTrainingRun(@TempDir Path tmp) throws IOException {
        ReportPage.Request r = inputs(tmp);
        Path ckpt = Files.createDirectories(r.run().resolve(org.tri2plane.core.model.Checkpoint.FOLDER));
        Files.writeString(ckpt.resolve(org.tri2plane.core.model.Checkpoint.META), "{\"step\": 20, \"perceptual\": \"ms-ssim\", \"config\": {},"
                + " \"environment\": {\"machine\": \"Example CPU 9000 x64\", \"os\": \"Linux amd64\", \"java\": \"17.0.99\","
                + " \"engine\": \"PyTorch 2.3.1\", \"tri2plane\": \"0.9.9\", \"commit\": \"abc1234\"}}");
        String html = Files.readString(ReportPage.write(r));
        for (String v : List.of("Example CPU 9000 x64", "17.0.99", "0.9.9", "abc1234")) {
            assertTrue(html.contains("<td>" + v + "</td>"), "the run's " + v);
        }
        assertFalse(html.contains("<td>null</td>"), "no version prints as null");
        Files.writeString(ckpt.resolve(org.tri2plane.core.model.Checkpoint.META), "{\"step\": 20, \"config\": {}}");
        String old = Files.readString(ReportPage.write(r));
        assertTrue(old.contains("not recorded (a checkpoint from before format version 3)"), "an old checkpoint says so");
        assertFalse(old.contains("Example CPU"));
    }

    @Test
    void aRealBrowserLoadsEveryImageAndPlaysEveryVideo(@TempDir Path tmp) throws Exception {
        Path chromium = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no browser installed (Debian's chromium); .ci/run installs it");
        Path page = ReportPage.write(inputs(tmp));
        List<String> common = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + tmp.resolve("profile"), "--autoplay-policy=no-user-gesture-required",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000"));
        List<String> dump = new ArrayList<>(common);
        dump.addAll(List.of("--dump-dom", page.toUri().toString()));
        String[] out = run(dump, tmp.resolve("dump.err"));
        Matcher m = Pattern.compile("data-check=\"([^\"]*)\"").matcher(out[0]);
        assertTrue(m.find(), "the page's check ran: " + out[1]);
        JsonNode check = JSON.readTree(m.group(1).replace("&quot;", "\""));
        assertTrue(check.get("images").asInt() >= 5, check.toString());
        assertEquals(check.get("images").asInt(), check.get("imagesOk").asInt(), "every image decoded: " + check);
        assertEquals(1, check.get("videos").asInt());
        assertEquals(1, check.get("videosOk").asInt(), "the video has a duration and plays: " + check);
        assertFalse(out[1].contains("CONSOLE("), "no console message from the page: " + out[1]);
        Path shot = Path.of("target", "report-test", "report.png");
        Files.createDirectories(shot.getParent());
        List<String> screenshot = new ArrayList<>(common);
        screenshot.addAll(List.of("--window-size=1280,2400", "--screenshot=" + shot.toAbsolutePath(), page.toUri().toString()));
        run(screenshot, tmp.resolve("shot.err"));
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page is kept with the test output: " + shot);
    }

    /** Runs a command; its stdout and stderr. */
    private static String[] run(List<String> cmd, Path err) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser finished");
        return new String[] {out, Files.readString(err)};
    }

    @Test
    void trainingCurvesAreMovingAveragesAndTheIndexLinksEachSubject(@TempDir Path tmp) throws IOException {
        List<double[]> avg = ReportPage.movingAverage(List.of(new double[] {1, 2}, new double[] {2, 4}, new double[] {3, 9}), 2);
        assertEquals(2, avg.get(0)[1], 1e-12);
        assertEquals(3, avg.get(1)[1], 1e-12);
        assertEquals(6.5, avg.get(2)[1], 1e-12);
        Path table = tmp.resolve("table.csv");
        Files.writeString(table, "subject,setting,frames,psnr_db,csim\nalice,self,3,30.00,0.85\nalice <- bob,cross,4,,0.61\n");
        Path page = Files.createDirectories(tmp.resolve("alice")).resolve("report.html");
        Files.writeString(page, "<html></html>");
        String html = Files.readString(ReportIndex.write(table, java.util.Map.of("alice", page), tmp.resolve("index.html")));
        assertTrue(html.contains("<a href=\"alice/report.html\">alice</a>"), html);
        assertTrue(html.contains("<td>30.00</td>") && html.contains("<td>–</td>"), html);
        assertEquals(1, html.split("<a href", -1).length - 1, "only the subject's own row links to its page");
    }
}
