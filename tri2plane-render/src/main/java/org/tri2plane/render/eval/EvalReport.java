package org.tri2plane.render.eval;

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
 * {@code psnr.png}, the per-frame PSNR of every subject. Subjects that failed are listed with
 * their reason.
 */
public final class EvalReport {

    /** One evaluated subject: its name and the folder {@code tri2plane eval} wrote. */
    public record Entry(String name, Path evalDir) {}

    public static final String TABLE_MD = "table.md";
    public static final String TABLE_CSV = "table.csv";
    public static final String PSNR_PLOT = "psnr.png";

    private EvalReport() {}

    private record Row(String name, String kind, EvalSummary s) {}

    /** Writes the table, CSV and plot into {@code out}; returns the markdown. */
    public static String write(List<Entry> self, List<Entry> cross, Map<String, String> failures, Path out) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Entry e : self) {
            rows.add(new Row(e.name(), "self", Evaluator.readSummary(e.evalDir().resolve(Evaluator.SUMMARY))));
        }
        List<Row> crossRows = new ArrayList<>();
        for (Entry e : cross) {
            crossRows.add(new Row(e.name(), "cross", Evaluator.readSummary(e.evalDir().resolve(Evaluator.SUMMARY))));
        }
        StringBuilder md = new StringBuilder();
        md.append("| subject | setting | frames | F-LMD ↓ | SD (×10⁻¹) | PSNR ↑ | LPIPS (×10²) ↓ | SSIM ↑ | CSIM ↑ | APD (°) ↓ | AED (mm) ↓ |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder("subject,setting,frames,flmd_px,sd_x0.1,psnr_db,lpips_x100,ssim,csim,apd_deg,aed_mm\n");
        for (Row r : rows) {
            EvalSummary s = r.s();
            line(md, csv, r.name(), r.kind(), s.frames(), s.flmd(), scaled(s.sd(), 0.1), s.psnr(), scaled(s.lpips(), 100), s.ssim(),
                    s.csim(), s.apdRotationDeg(), s.aedVertexMm());
        }
        if (!rows.isEmpty()) {
            line(md, csv, "mean", "self", rows.stream().mapToInt(r -> r.s().frames()).sum(), mean(rows, s -> s.flmd()),
                    scaled(mean(rows, s -> s.sd()), 0.1), mean(rows, s -> s.psnr()), scaled(mean(rows, s -> s.lpips()), 100),
                    mean(rows, s -> s.ssim()), mean(rows, s -> s.csim()), mean(rows, s -> s.apdRotationDeg()),
                    mean(rows, s -> s.aedVertexMm()));
        }
        for (Row r : crossRows) {
            EvalSummary s = r.s();
            line(md, csv, r.name(), "cross", s.frames(), s.flmd(), null, null, null, null, s.csim(), s.apdRotationDeg(), s.aedVertexMm());
        }
        md.append('\n');
        notes(md, rows, crossRows, failures);
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(TABLE_MD), md.toString());
        AtomicFiles.writeString(out.resolve(TABLE_CSV), csv.toString());
        plot(self, out.resolve(PSNR_PLOT));
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
                + "run on the result against the parameters it was rendered from (tri2plane eval --gt-params); – where not measured.\n");
        if (!failures.isEmpty()) {
            md.append("\nFailed:\n");
            failures.forEach((name, why) -> md.append("- ").append(name).append(": ").append(why).append('\n'));
        }
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
            Double psnr, Double lpips, Double ssim, Double csim, Double apd, Double aed) {
        Double[] values = {flmd, sd, psnr, lpips, ssim, csim, apd, aed};
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
