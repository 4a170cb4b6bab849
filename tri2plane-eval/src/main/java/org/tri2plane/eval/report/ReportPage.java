package org.tri2plane.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.tri2plane.core.image.LineChart;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.model.RunEnvironment;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.eval.EvalReport;
import org.tri2plane.eval.EvalSummary;
import org.tri2plane.eval.Evaluator;
import org.tri2plane.eval.NovelViews;
import org.tri2plane.render.ExpressionRange;
import org.tri2plane.render.PoseRange;

/**
 * {@code tri2plane report}: one self-contained static page about an avatar (every picture and
 * video inlined as a data URI; no network, no script from elsewhere): the tracking report and
 * contact sheet, the training curves, the rendered videos, the Table 1 layout with CSIM / APD /
 * AED and the mouth's gain and correlation, the subject's expression range and the mouth opening of
 * reference and avatar per frame, per-frame metric plots, the worst frames, and the machine,
 * versions and config.
 */
public final class ReportPage {

    /** One named input (an evaluation folder or a video). */
    public record Named(String name, Path path) {}

    /** What the page shows: a tracked subject, its training run, evaluations and videos; where it goes. */
    public record Request(Path subject, Path run, List<Named> evals, List<Named> videos, Path out) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPage() {}

    /** Writes the page (atomically) and returns its path. */
    public static Path write(Request r) throws IOException {
        SubjectDirectory subject = SubjectDirectory.open(r.subject());
        Html h = new Html("Tri2plane-J report: " + subject.meta().name());
        h.raw("<h1>").text("Avatar of " + subject.meta().name()).raw("</h1>\n");
        tracking(h, subject);
        training(h, r.run());
        videos(h, r.videos());
        List<Map.Entry<String, EvalSummary>> evals = new ArrayList<>();
        for (Named e : r.evals()) {
            evals.add(Map.entry(e.name(), Evaluator.readSummary(e.path().resolve(Evaluator.SUMMARY))));
        }
        table(h, evals);
        expressions(h, subject, r.evals());
        novelViews(h, subject, r.evals());
        perFrame(h, r.evals());
        worst(h, r.evals());
        machine(h, r.run());
        AtomicFiles.writeString(r.out(), h.finish());
        return r.out();
    }

    private static void tracking(Html h, SubjectDirectory s) throws IOException {
        h.raw("<h2>Tracking</h2>\n");
        Path report = s.root().resolve(SubjectDirectory.REPORT);
        if (Files.isRegularFile(report)) {
            JsonNode t = JSON.readTree(report.toFile());
            h.raw("<table class=\"kv\">");
            for (String k : new String[] {"video", "framesKept", "trainFrames", "heldOutFrames", "trainMedianErrorPx",
                    "heldOutMedianErrorPx", "yawMinDeg", "yawMaxDeg", "trackingFps"}) {
                JsonNode v = t.path(k);
                String shown = v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : v.asText();
                h.raw("<tr><th>").text(k).raw("</th><td>").text(shown).raw("</td></tr>");
            }
            h.raw("</table>\n");
            for (JsonNode w : t.path("warnings")) {
                h.raw("<p class=\"warn\">").text(w.asText()).raw("</p>\n");
            }
        }
        Path sheet = s.root().resolve("contact_sheet.png");
        if (Files.isRegularFile(sheet)) {
            h.image("contact sheet: frames with their fitted landmarks", Files.readAllBytes(sheet), "image/png");
        }
    }

    private static void training(Html h, Path run) throws IOException {
        h.raw("<h2>Training</h2>\n");
        Path log = run.resolve("train_log.jsonl");
        if (!Files.isRegularFile(log)) {
            h.raw("<p>").text("no training log in " + run).raw("</p>\n");
            return;
        }
        Map<String, List<double[]>> terms = new LinkedHashMap<>();
        List<double[]> psnr = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            double step = n.path("step").asDouble();
            terms.computeIfAbsent("total", k -> new ArrayList<>()).add(new double[] {step, n.path("total").asDouble()});
            n.path("terms").fields().forEachRemaining(e -> terms.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(new double[] {step, e.getValue().asDouble()}));
            if (n.has("heldOutPsnr")) {
                psnr.add(new double[] {step, n.path("heldOutPsnr").asDouble()});
            }
        }
        LineChart loss = new LineChart("loss terms (log scale, " + SMOOTHING + "-step moving average)", "step", true);
        terms.forEach((k, v) -> loss.add(series(k, movingAverage(v, SMOOTHING))));
        h.image("training loss terms", png(loss.draw(900, 360)), "image/png");
        if (!psnr.isEmpty()) {
            LineChart p = new LineChart("held-out PSNR (dB) during training", "step", false);
            p.add(series("held-out PSNR", psnr));
            h.image("held-out PSNR during training", png(p.draw(900, 300)), "image/png");
        }
    }

    /** Steps the training curves are averaged over (the raw terms of single steps are noisy). */
    static final int SMOOTHING = 25;

    /** (x, mean of the last {@code span} y) of each point. */
    static List<double[]> movingAverage(List<double[]> points, int span) {
        List<double[]> out = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            sum += points.get(i)[1];
            if (i >= span) {
                sum -= points.get(i - span)[1];
            }
            out.add(new double[] {points.get(i)[0], sum / Math.min(i + 1, span)});
        }
        return out;
    }

    private static LineChart.Series series(String name, List<double[]> points) {
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return new LineChart.Series(name, x, y);
    }

    private static void videos(Html h, List<Named> videos) throws IOException {
        if (videos.isEmpty()) {
            return;
        }
        h.raw("<h2>Videos</h2>\n<div class=\"videos\">\n");
        for (Named v : videos) {
            h.raw("<figure><video controls muted loop playsinline src=\"data:video/mp4;base64,")
                    .raw(Base64.getEncoder().encodeToString(Files.readAllBytes(v.path()))).raw("\"></video><figcaption>")
                    .text(v.name()).raw("</figcaption></figure>\n");
        }
        h.raw("</div>\n");
    }

    private static void table(Html h, List<Map.Entry<String, EvalSummary>> evals) {
        if (evals.isEmpty()) {
            return;
        }
        h.raw("<h2>Table 1</h2>\n<table class=\"metrics\"><tr>");
        for (String c : new String[] {"evaluation", "frames", "F-LMD ↓", "SD (×10⁻¹)", "PSNR ↑", "LPIPS (×10²) ↓", "SSIM ↑",
                "CSIM ↑", "APD (°) ↓", "AED (mm) ↓", "mouth gain → 1", "mouth corr. ↑", "AED mouth (mm) ↓"}) {
            h.raw("<th>").text(c).raw("</th>");
        }
        h.raw("</tr>\n");
        for (Map.Entry<String, EvalSummary> e : evals) {
            EvalSummary s = e.getValue();
            h.raw("<tr><td>").text(e.getKey()).raw("</td><td>").text(String.valueOf(s.frames())).raw("</td>");
            for (Double v : new Double[] {s.flmd(), s.sd() == null ? null : s.sd() * 0.1, s.psnr(),
                    s.lpips() == null ? null : s.lpips() * 100, s.ssim(), s.csim(), s.apdRotationDeg(), s.aedVertexMm(),
                    EvalReport.mouthGain(s), EvalReport.mouthCorrelation(s),
                    s.expression() == null ? null : s.expression().aedMouthMm()}) {
                h.raw("<td>").text(v == null ? "–" : Double.isInfinite(v) ? "∞" : String.format(Locale.ROOT, "%.2f", v))
                        .raw("</td>");
            }
            h.raw("</tr>\n");
        }
        h.raw("</table>\n<p class=\"note\">").text("Definitions: docs/evaluation.md. Image metrics at "
                + evals.get(0).getValue().resolution() + "², F-LMD, CSIM, AED and APD at 512².").raw("</p>\n");
    }

    /**
     * What the avatar was asked to express and what it did: the subject's tracked mouth-opening
     * range (what it can have learned), and the mouth opening of reference and avatar over every
     * evaluation's frames.
     */
    private static void expressions(Html h, SubjectDirectory subject, List<Named> evals) throws IOException {
        h.raw("<h2>Expressions</h2>\n");
        ExpressionRange range = ExpressionRange.of(subject);
        if (range.mouth().runs() > 0) {
            h.raw("<p>").text(String.format(Locale.ROOT, "The subject's %d training frames open the mouth from %.3f to %.3f"
                    + " (median %.3f; inner-lip gap over outer-eye-corner distance of the tracked expression mesh). A driver that"
                    + " asks for more asks the avatar for an expression it never saw (tri2plane render --mode cross warns).",
                    range.frames(), range.mouth().min(), range.mouth().max(), range.mouth().median())).raw("</p>\n");
        }
        List<EvalReport.Entry> entries = evals.stream().map(e -> new EvalReport.Entry(e.name(), e.path())).toList();
        LineChart chart = EvalReport.mouthChart(entries);
        if (chart != null) {
            h.image("mouth opening of reference and avatar per frame", png(chart.draw(900, 320)), "image/png");
        }
    }

    /**
     * Every evaluation with a novel-view table (an orbit scored against the poses it was rendered
     * at): the table, median APD and mean CSIM against the turn, and a strip of its views.
     */
    private static void novelViews(Html h, SubjectDirectory subject, List<Named> evals) throws IOException {
        for (Named e : evals) {
            List<NovelViews.Bin> bins = NovelViews.read(e.path());
            if (bins.size() < 3) {
                continue; // a render that turns less than 20° (its own frames): nothing to show against the turn
            }
            PoseRange range = PoseRange.of(subject.params());
            h.raw("<h2>").text("Novel views (" + e.name() + ")").raw("</h2>\n<p>").text(String.format(Locale.ROOT,
                    "The training video turns the head %.0f° to %.0f° in yaw and %.0f° to %.0f° in pitch (from its mean pose);"
                    + " views beyond that are extrapolated.", range.yawMin(), range.yawMax(), range.pitchMin(), range.pitchMax()))
                    .raw("</p>\n<table class=\"metrics\"><tr>");
            for (String c : new String[] {"turn", "face found", "median APD (°) ↓", "mean CSIM ↑"}) {
                h.raw("<th>").text(c).raw("</th>");
            }
            h.raw("</tr>\n");
            List<double[]> apd = new ArrayList<>();
            List<double[]> csim = new ArrayList<>();
            for (NovelViews.Bin b : bins) {
                double centre = b.toDeg() > 90 ? b.fromDeg() + 5 : (b.fromDeg() + b.toDeg()) / 2;
                h.raw("<tr><td>").text(String.format(Locale.ROOT, "%.0f-%.0f°", b.fromDeg(), Math.min(b.toDeg(), 90))).raw("</td><td>")
                        .text(b.faces() + " of " + b.frames()).raw("</td><td>")
                        .text(b.medianApdDeg() == null ? "–" : String.format(Locale.ROOT, "%.1f", b.medianApdDeg())).raw("</td><td>")
                        .text(b.meanCsim() == null ? "–" : String.format(Locale.ROOT, "%.2f", b.meanCsim())).raw("</td></tr>\n");
                if (b.medianApdDeg() != null) {
                    apd.add(new double[] {centre, b.medianApdDeg()});
                }
                if (b.meanCsim() != null) {
                    csim.add(new double[] {centre, b.meanCsim()});
                }
            }
            h.raw("</table>\n");
            LineChart a = new LineChart("median APD (°) against the head's turn (°)", "turn (°)", false);
            a.add(series("median APD (°)", apd));
            h.image("APD against the turn", png(a.draw(900, 260)), "image/png");
            LineChart c = new LineChart("mean CSIM against the head's turn (°); a different person scores at most 0.58", "turn (°)", false);
            c.add(series("mean CSIM", csim));
            h.image("CSIM against the turn", png(c.draw(900, 260)), "image/png");
            EvalSummary s = Evaluator.readSummary(e.path().resolve(Evaluator.SUMMARY));
            Path pred = s.pred() == null ? null : Path.of(s.pred());
            if (pred != null && Files.isDirectory(pred)) {
                h.raw("<div class=\"pair\">");
                for (int k = 0; k < s.frames(); k += Math.max(1, s.frames() / 8)) {
                    Path f = pred.resolve(String.format("%06d.png", k));
                    if (Files.isRegularFile(f)) {
                        h.image(e.name() + " view " + k, Files.readAllBytes(f), "image/png");
                    }
                }
                h.raw("</div>\n");
            }
        }
    }

    private static void perFrame(Html h, List<Named> evals) throws IOException {
        for (String column : new String[] {"psnr_db", "csim", "flmd_px"}) {
            LineChart c = new LineChart("per frame: " + column, "frame", false);
            boolean any = false;
            for (Named e : evals) {
                List<double[]> points = column(e.path(), column);
                if (!points.isEmpty()) {
                    c.add(series(e.name(), points));
                    any = true;
                }
            }
            if (any) {
                h.image("per-frame " + column, png(c.draw(900, 300)), "image/png");
            }
        }
    }

    /** (frame, value) of one column of an evaluation's frames.csv, finite values only. */
    static List<double[]> column(Path evalDir, String name) throws IOException {
        return Evaluator.readColumn(evalDir, name).stream().filter(p -> Double.isFinite(p[1])).collect(Collectors.toList());
    }

    /** The three lowest-PSNR frames of each evaluation with images, prediction beside ground truth. */
    private static void worst(Html h, List<Named> evals) throws IOException {
        boolean title = false;
        for (Named e : evals) {
            EvalSummary s = Evaluator.readSummary(e.path().resolve(Evaluator.SUMMARY));
            if (s.gt() == null || s.pred() == null || !Files.isDirectory(Path.of(s.pred())) || !Files.isDirectory(Path.of(s.gt()))) {
                continue;
            }
            List<double[]> psnr = column(e.path(), "psnr_db");
            psnr.sort((a, b) -> Double.compare(a[1], b[1]));
            for (double[] f : psnr.subList(0, Math.min(3, psnr.size()))) {
                String file = String.format("%06d.png", (int) f[0]);
                Path pred = Path.of(s.pred()).resolve(file);
                Path gt = Path.of(s.gt()).resolve(file);
                if (!Files.isRegularFile(pred) || !Files.isRegularFile(gt)) {
                    continue;
                }
                if (!title) {
                    h.raw("<h2>Worst frames</h2>\n");
                    title = true;
                }
                h.raw("<div class=\"pair\">");
                h.image(e.name() + " frame " + (int) f[0] + ": avatar", Files.readAllBytes(pred), "image/png");
                h.image(String.format(Locale.ROOT, "ground truth (PSNR %.2f dB)", f[1]), Files.readAllBytes(gt), "image/png");
                h.raw("</div>\n");
            }
        }
    }

    private static void machine(Html h, Path run) throws IOException {
        h.raw("<h2>Machine, versions and config</h2>\n");
        Path meta = run.resolve(Checkpoint.FOLDER).resolve(Checkpoint.META);
        JsonNode m = Files.isRegularFile(meta) ? JSON.readTree(meta.toFile()) : null;
        JsonNode env = m == null ? null : m.get("environment");
        Map<String, String> trained = new LinkedHashMap<>();
        if (env != null && env.isObject()) {
            RunEnvironment e = JSON.treeToValue(env, RunEnvironment.class);
            trained.put("machine", e.machine());
            trained.put("os", e.os());
            trained.put("java", e.java());
            trained.put("engine", e.engine());
            trained.put("tri2plane", e.tri2plane());
            trained.put("commit", e.commit() != null ? e.commit() : "not recorded (not launched from a git checkout)");
        } else {
            trained.put("machine", m == null ? "no checkpoint in " + run : "not recorded (a checkpoint from before format version 3)");
        }
        trained.put("run", run.toAbsolutePath().toString());
        h.raw("<p>The training run:</p>\n");
        table(h, trained);
        Map<String, String> here = new LinkedHashMap<>();
        here.put("machine", ProcessInfo.cpuModel());
        here.put("tri2plane", RunEnvironment.version());
        h.raw("<p>This page was made on:</p>\n");
        table(h, here);
        if (m != null) {
            h.raw("<p>").text("checkpoint at step " + m.path("step").asText() + ", perceptual term " + m.path("perceptual").asText())
                    .raw("</p>\n<pre>").text(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m.path("config")))
                    .raw("</pre>\n");
        }
    }

    private static void table(Html h, Map<String, String> kv) {
        h.raw("<table class=\"kv\">");
        kv.forEach((k, v) -> h.raw("<tr><th>").text(k).raw("</th><td>").text(v).raw("</td></tr>"));
        h.raw("</table>\n");
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
