package org.tri2plane.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.tri2plane.core.image.LineChart;
import org.tri2plane.core.util.AtomicFiles;

/**
 * The batch table in the layout of the paper's Table 1 (F-LMD, SD ×10⁻¹, PSNR, LPIPS ×10², plus
 * SSIM) from evaluation folders: one row per subject's self-reenactment, their mean, and one
 * F-LMD row per cross-reenactment; written as {@code table.md} and {@code table.csv}, with
 * {@code psnr.png}, the per-frame PSNR of every subject, and {@code mouth.png}, the mouth opening
 * of reference and avatar per evaluation. Subjects that failed are listed with their reason.
 */
public final class EvalReport {

    /** One evaluated subject: its name and the folder {@code tri2plane eval} wrote. */
    public record Entry(String name, Path evalDir) {}

    public static final String TABLE_MD = "table.md";
    public static final String TABLE_CSV = "table.csv";
    public static final String PSNR_PLOT = "psnr.png";
    public static final String MOUTH_PLOT = "mouth.png";

    private EvalReport() {}

    private record Row(String name, String kind, EvalSummary s) {}

    /** Writes the table, CSV and plots into {@code out} without expression-protocol rows; returns the markdown. */
    public static String write(List<Entry> self, List<Entry> cross, Map<String, String> failures, Path out) throws IOException {
        return write(self, List.of(), cross, failures, out);
    }

    /**
     * Writes the table, CSV and plots into {@code out}; returns the markdown. {@code expression}
     * holds the evaluations of the expression protocol (every tracked frame of the subject driven
     * by the mean code γ̄; setting "expression"), shown beside the held-out rows.
     */
    public static String write(List<Entry> self, List<Entry> expression, List<Entry> cross, Map<String, String> failures, Path out)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Entry e : self) {
            rows.add(new Row(e.name(), "self", Evaluator.readSummary(e.evalDir().resolve(Evaluator.SUMMARY))));
        }
        List<Row> exprRows = new ArrayList<>();
        for (Entry e : expression) {
            exprRows.add(new Row(e.name(), "expression", Evaluator.readSummary(e.evalDir().resolve(Evaluator.SUMMARY))));
        }
        List<Row> crossRows = new ArrayList<>();
        for (Entry e : cross) {
            crossRows.add(new Row(e.name(), "cross", Evaluator.readSummary(e.evalDir().resolve(Evaluator.SUMMARY))));
        }
        StringBuilder md = new StringBuilder();
        md.append("| subject | setting | frames | F-LMD ↓ | SD (×10⁻¹) | PSNR ↑ | LPIPS (×10²) ↓ | SSIM ↑ | CSIM ↑ | APD (°) ↓ | AED (mm) ↓"
                + " | mouth gain → 1 | mouth corr. ↑ | AED mouth (mm) ↓ |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder(
                "subject,setting,frames,flmd_px,sd_x0.1,psnr_db,lpips_x100,ssim,csim,apd_deg,aed_mm,mouth_gain,mouth_corr,aed_mouth_mm\n");
        for (Row r : rows) {
            EvalSummary s = r.s();
            line(md, csv, r.name(), r.kind(), s.frames(), s.flmd(), scaled(s.sd(), 0.1), s.psnr(), scaled(s.lpips(), 100), s.ssim(),
                    s.csim(), s.apdRotationDeg(), s.aedVertexMm(), mouthGain(s), mouthCorrelation(s), aedMouth(s));
        }
        if (!rows.isEmpty()) {
            line(md, csv, "mean", "self", rows.stream().mapToInt(r -> r.s().frames()).sum(), mean(rows, s -> s.flmd()),
                    scaled(mean(rows, s -> s.sd()), 0.1), mean(rows, s -> s.psnr()), scaled(mean(rows, s -> s.lpips()), 100),
                    mean(rows, s -> s.ssim()), mean(rows, s -> s.csim()), mean(rows, s -> s.apdRotationDeg()),
                    mean(rows, s -> s.aedVertexMm()), mean(rows, EvalReport::mouthGain), mean(rows, EvalReport::mouthCorrelation),
                    mean(rows, EvalReport::aedMouth));
        }
        for (Row r : exprRows) {
            EvalSummary s = r.s();
            line(md, csv, r.name(), r.kind(), s.frames(), s.flmd(), scaled(s.sd(), 0.1), s.psnr(), scaled(s.lpips(), 100), s.ssim(),
                    s.csim(), s.apdRotationDeg(), s.aedVertexMm(), mouthGain(s), mouthCorrelation(s), aedMouth(s));
        }
        for (Row r : crossRows) {
            EvalSummary s = r.s();
            line(md, csv, r.name(), "cross", s.frames(), s.flmd(), null, null, null, null, s.csim(), s.apdRotationDeg(), s.aedVertexMm(),
                    mouthGain(s), mouthCorrelation(s), aedMouth(s));
        }
        md.append('\n');
        List<Row> noted = new ArrayList<>(rows);
        noted.addAll(exprRows);
        notes(md, noted, crossRows, failures);
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(TABLE_MD), md.toString());
        AtomicFiles.writeString(out.resolve(TABLE_CSV), csv.toString());
        plot(self, out.resolve(PSNR_PLOT));
        List<Entry> all = new ArrayList<>(self);
        for (Entry e : expression) {
            all.add(new Entry(e.name() + " (expression)", e.evalDir()));
        }
        for (Entry e : cross) {
            all.add(new Entry(e.name() + " (cross)", e.evalDir()));
        }
        mouthPlot(all, out.resolve(MOUTH_PLOT));
        return md.toString();
    }

    private static void notes(StringBuilder md, List<Row> rows, List<Row> cross, Map<String, String> failures) {
        List<Row> all = new ArrayList<>(rows);
        all.addAll(cross);
        if (!all.isEmpty()) {
            EvalSummary s = all.get(0).s();
            md.append(String.format(Locale.ROOT, "Image metrics at %d x %d; F-LMD in pixels at %d x %d (mean over the 68 points of |Δx| + |Δy|).%n",
                    s.resolution(), s.resolution(), s.landmarkResolution(), s.landmarkResolution()));
        }
        for (Row r : all) {
            EvalSummary s = r.s();
            md.append(String.format(Locale.ROOT, "- %s (%s): frames %d-%d of %s; F-LMD over %d of %d frames%s; LPIPS %s.%n",
                    r.name(), r.kind(), s.firstIndex(), s.lastIndex(), s.pred(), s.flmdFrames(), s.frames(),
                    s.predWithoutFace() + s.truthWithoutFace() > 0
                            ? String.format(Locale.ROOT, " (face score below the tracker's threshold on %d predicted frames; no face found in %d reference frames)",
                                    s.predWithoutFace(), s.truthWithoutFace())
                            : "",
                    s.lpipsNetwork()));
        }
        md.append("SD is Eq. 15 of the paper, 10·log10(N / Σ|∇G' − ∇G|): by this formula a higher value means a closer "
                + "sharpness match. Cross rows compare the result's landmarks with the driver's motion after transfer "
                + "(tri2plane render --landmarks); they have no ground-truth image. CSIM is the cosine of face descriptors "
                + "(faceres) against the mean descriptor of the subject's training frames (tri2plane eval --identity-ref; "
                + "docs/evaluation.md); APD is the head-rotation error and AED the expression-mesh vertex error of our own tracker "
                + "run on the result against the parameters it was rendered from (tri2plane eval --gt-params), AED mouth the same over the "
                + "40 lip vertices. Mouth gain and correlation: how the result's mouth opening (inner-lip distance over outer-eye-corner "
                + "distance, our tracker) follows the reference's over the sequence: the ratio of their standard deviations (1: opens "
                + "as much, 0: does not move) and their correlation; mouth.png plots both. Expression rows score every tracked "
                + "frame of the subject (training frames included) driven by the mean code γ̄ from its own tracked expression and "
                + "pose (render --gamma mean --frames all): what the avatar shows there comes from the expression inputs alone, as "
                + "in cross-reenactment; the held-out rows (the paper's split) may hold no open mouth at all. – where not measured.\n");
        if (!failures.isEmpty()) {
            md.append("\nFailed:\n");
            failures.forEach((name, why) -> md.append("- ").append(name).append(": ").append(why).append('\n'));
        }
    }

    /** The mouth-opening gain of a summary (null where not measured or written before it existed). */
    public static Double mouthGain(EvalSummary s) {
        return s.expression() == null || s.expression().mouth() == null ? null : finite(s.expression().mouth().gain());
    }

    /** The mouth-opening correlation of a summary (null where not measured). */
    public static Double mouthCorrelation(EvalSummary s) {
        return s.expression() == null || s.expression().mouth() == null ? null : finite(s.expression().mouth().correlation());
    }

    private static Double aedMouth(EvalSummary s) {
        return s.expression() == null ? null : s.expression().aedMouthMm();
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Double scaled(Double v, double factor) {
        return v == null ? null : v * factor;
    }

    private static Double mean(List<Row> rows, Function<EvalSummary, Double> f) {
        double sum = 0;
        int n = 0;
        for (Row r : rows) {
            Double v = f.apply(r.s());
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static String fmt(Double v) {
        if (v == null || v.isNaN()) {
            return null;
        }
        if (v.isInfinite()) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static void line(StringBuilder md, StringBuilder csv, String name, String kind, int frames, Double flmd, Double sd,
            Double psnr, Double lpips, Double ssim, Double csim, Double apd, Double aed, Double mouthGain, Double mouthCorr,
            Double aedMouth) {
        Double[] values = {flmd, sd, psnr, lpips, ssim, csim, apd, aed, mouthGain, mouthCorr, aedMouth};
        md.append("| ").append(name).append(" | ").append(kind).append(" | ").append(frames);
        csv.append(name.replace(',', ' ')).append(',').append(kind).append(',').append(frames);
        for (int i = 0; i < values.length; i++) {
            String f = fmt(values[i]);
            String shown = f != null ? f : i == 3 && "self".equals(kind) ? "unavailable" : "–";
            md.append(" | ").append(shown);
            csv.append(',').append(f == null ? "" : f.replace("∞", "inf"));
        }
        md.append(" |\n");
        csv.append('\n');
    }

    /**
     * The mouth opening of every evaluation over its frames: the reference's (ground truth, or the
     * driver's after transfer) and the avatar's, so a mouth that does not follow shows at a glance.
     * Written only when some evaluation measured it.
     */
    public static boolean mouthPlot(List<Entry> evals, Path file) throws IOException {
        LineChart chart = mouthChart(evals);
        if (chart != null) {
            chart.writePng(file, 720, 400);
        }
        return chart != null;
    }

    /** The chart of {@link #mouthPlot}; null when no evaluation measured the mouth. */
    public static LineChart mouthChart(List<Entry> evals) throws IOException {
        LineChart chart = new LineChart("mouth opening (inner lips / outer eye corners): reference and avatar", "frame", false);
        boolean any = false;
        for (Entry e : evals) {
            List<double[]> ref = Evaluator.readColumn(e.evalDir(), "mouth_ref");
            List<double[]> pred = Evaluator.readColumn(e.evalDir(), "mouth_pred");
            if (ref.stream().allMatch(p -> Double.isNaN(p[1]))) {
                continue;
            }
            any = true;
            chart.add(new LineChart.Series(e.name() + " reference", ref.stream().mapToDouble(p -> p[0]).toArray(),
                    ref.stream().mapToDouble(p -> p[1]).toArray()));
            chart.add(new LineChart.Series(e.name() + " avatar", pred.stream().mapToDouble(p -> p[0]).toArray(),
                    pred.stream().mapToDouble(p -> p[1]).toArray()));
        }
        return any ? chart : null;
    }

    /** Per-frame PSNR of every subject (x = frame index). */
    private static void plot(List<Entry> self, Path file) throws IOException {
        LineChart chart = new LineChart("per-frame PSNR (dB), self-reenactment of held-out frames", "frame", false);
        for (Entry e : self) {
            List<double[]> psnr = Evaluator.readColumn(e.evalDir(), "psnr_db");
            chart.add(new LineChart.Series(e.name(), psnr.stream().mapToDouble(p -> p[0]).toArray(),
                    psnr.stream().mapToDouble(p -> p[1]).toArray()));
        }
        chart.writePng(file, 720, 400);
    }
}
