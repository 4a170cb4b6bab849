package org.tri2plane.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.eval.EvalReport;
import org.tri2plane.eval.EvalSummary;
import org.tri2plane.eval.Evaluator;

/**
 * The result of a batch: the Table 1 layout for all subjects ({@code table.md}, {@code table.csv},
 * {@code psnr.png}, failed subjects listed with their reason) and {@code subjects.csv}, one row per
 * subject with its status, attempts, the step it resumed from, its time and its metrics (CSV with a
 * header, readable by Spark SQL's {@code spark.read.option("header", true).csv(...)}).
 */
public final class BatchReport {

    /** The per-subject file. */
    public static final String SUBJECTS = "subjects.csv";

    private BatchReport() {}

    /** Writes both under {@code out}; returns the Markdown table. */
    public static String write(Path out, List<SubjectResult> results) throws IOException {
        List<EvalReport.Entry> self = new ArrayList<>();
        List<EvalReport.Entry> cross = new ArrayList<>();
        List<EvalReport.Entry> expression = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder(
                "name,status,reason,attempts,resumed_from_step,seconds,psnr_db,ssim,flmd_px,csim,apd_deg,aed_mm,cross_flmd_px\n");
        for (SubjectResult r : results) {
            EvalSummary s = r.selfEval() == null ? null : Evaluator.readSummary(Path.of(r.selfEval()).resolve(Evaluator.SUMMARY));
            EvalSummary c = r.crossEval() == null ? null : Evaluator.readSummary(Path.of(r.crossEval()).resolve(Evaluator.SUMMARY));
            if (r.ok()) {
                self.add(new EvalReport.Entry(r.name(), Path.of(r.selfEval())));
                if (r.expressionEval() != null) {
                    expression.add(new EvalReport.Entry(r.name(), Path.of(r.expressionEval())));
                }
                if (c != null) {
                    cross.add(new EvalReport.Entry(r.name() + " (cross)", Path.of(r.crossEval())));
                }
            } else {
                failed.put(r.name(), r.reason());
            }
            csv.append(r.name()).append(',').append(r.ok() ? "ok" : "failed").append(',')
                    .append(r.reason() == null ? "" : '"' + r.reason().replace("\"", "'") + '"').append(',').append(r.attempt() + 1)
                    .append(',').append(r.resumedFromStep()).append(',').append(String.format(Locale.ROOT, "%.1f", r.seconds()));
            for (Double v : new Double[] {s == null ? null : s.psnr(), s == null ? null : s.ssim(), s == null ? null : s.flmd(),
                    s == null ? null : s.csim(), s == null ? null : s.apdRotationDeg(), s == null ? null : s.aedVertexMm(),
                    c == null ? null : c.flmd()}) {
                csv.append(',').append(v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", v));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(out.resolve(SUBJECTS), csv.toString());
        return EvalReport.write(self, expression, cross, failed, out);
    }
}
