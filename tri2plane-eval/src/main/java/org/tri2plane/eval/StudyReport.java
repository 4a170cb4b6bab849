package org.tri2plane.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.tri2plane.core.image.LineChart;
import org.tri2plane.core.util.AtomicFiles;

/**
 * The report of a convergence study ({@code scripts/study.sh}): for every variant, its held-out
 * self-reenactment figures (PSNR, SSIM, F-LMD from {@code tri2plane eval}) at each evaluated step,
 * with the training wall time up to that step (the sum of the logged step times), written as
 * {@code study.json}, {@code study.md} (the last point of every variant, and the ablation rows in
 * the layout of the paper's Table 2 with their figures on windows shifted off-centre) and line
 * charts against steps and against wall time.
 *
 * <p>Layout read: {@code DIR/variants/NAME/variant.json} ({"name", "description", "overrides",
 * "ablation"}), {@code DIR/variants/NAME/run/train_log.jsonl}, {@code DIR/variants/NAME/eval/step_N/summary.json}
 * and the shifted-window evaluation of the last step, {@code DIR/variants/NAME/eval/shifted/summary.json}
 * with its {@code offset.txt}; and where measured, the last step's expression protocol
 * ({@code eval/expression/summary.json}), cross-reenactment ({@code eval/cross/summary.json}) and
 * novel views ({@code eval/novel/novel_views.json}).
 */
public final class StudyReport {

    public static final String JSON = "study.json";
    public static final String MARKDOWN = "study.md";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One evaluated step of a variant. */
    public record Point(long step, double trainSeconds, Double psnr, Double ssim, Double flmd, Double lpips, int frames) {}

    /**
     * One variant: its place in the study's order, what it changes, its points in step order, its row
     * label in the ablation table (empty: none), its evaluation on shifted windows (null: none), its
     * expressions, and its novel views (a ±40° orbit per |turn| bin; empty: not measured).
     */
    public record Variant(int order, String name, String description, List<String> overrides, List<Point> points, String ablation,
            Shifted shifted, Expressions expressions, List<NovelViews.Bin> novelViews) {}

    /**
     * The expression protocol of the last step (every tracked frame driven by the mean code γ̄) and
     * the cross-reenactment's mouth, each null when not measured.
     */
    public record Expressions(EvalSummary protocol, EvalSummary cross) {}

    /** The last step evaluated on held-out windows moved off-centre by {@code offset} (DX,DY pixels at the frame size). */
    public record Shifted(String offset, Double psnr, Double ssim, Double flmd) {}

    /** The whole study. */
    public record Study(String machine, List<Variant> variants) {}

    private StudyReport() {}

    /** Reads the study in {@code dir}. */
    public static Study read(Path dir) throws IOException {
        Path variantsDir = dir.resolve("variants");
        if (!Files.isDirectory(variantsDir)) {
            throw new EvalException(dir + " holds no variants/ folder: run scripts/study.sh --out " + dir + " first");
        }
        List<Variant> variants = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(variantsDir)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("variant.json"))).sorted().toList();
        }
        for (Path v : dirs) {
            variants.add(variant(v));
        }
        variants.sort((a, b) -> Integer.compare(a.order(), b.order()));
        Path machine = dir.resolve("machine.txt");
        return new Study(Files.isRegularFile(machine) ? Files.readString(machine).strip() : "unknown", variants);
    }

    private static Variant variant(Path dir) throws IOException {
        JsonNode meta = MAPPER.readTree(dir.resolve("variant.json").toFile());
        List<String> overrides = new ArrayList<>();
        meta.path("overrides").forEach(n -> overrides.add(n.asText()));
        TreeMap<Long, Double> cumulative = trainSeconds(dir.resolve("run").resolve("train_log.jsonl"));
        List<Point> points = new ArrayList<>();
        Path evals = dir.resolve("eval");
        if (Files.isDirectory(evals)) {
            List<Path> steps;
            try (Stream<Path> s = Files.list(evals)) {
                steps = s.filter(p -> p.getFileName().toString().matches("step_\\d+")
                        && Files.isRegularFile(p.resolve(Evaluator.SUMMARY))).toList();
            }
            for (Path p : steps) {
                long step = Long.parseLong(p.getFileName().toString().substring(5));
                EvalSummary s = Evaluator.readSummary(p.resolve(Evaluator.SUMMARY));
                Map.Entry<Long, Double> t = cumulative.floorEntry(step);
                points.add(new Point(step, t == null ? Double.NaN : round(t.getValue(), 1), s.psnr(), s.ssim(), s.flmd(),
                        s.lpips(), s.frames()));
            }
        }
        points.sort((a, b) -> Long.compare(a.step(), b.step()));
        Shifted shifted = null;
        Path sdir = evals.resolve("shifted");
        if (Files.isRegularFile(sdir.resolve(Evaluator.SUMMARY))) {
            EvalSummary s = Evaluator.readSummary(sdir.resolve(Evaluator.SUMMARY));
            Path offset = sdir.resolve("offset.txt");
            shifted = new Shifted(Files.isRegularFile(offset) ? Files.readString(offset).strip() : "unknown", s.psnr(), s.ssim(), s.flmd());
        }
        EvalSummary protocol = summaryOrNull(evals.resolve("expression"));
        EvalSummary cross = summaryOrNull(evals.resolve("cross"));
        return new Variant(meta.path("order").asInt(0), meta.path("name").asText(dir.getFileName().toString()), meta.path("description").asText(""),
                overrides, points, meta.path("ablation").asText(""), shifted,
                protocol == null && cross == null ? null : new Expressions(protocol, cross), NovelViews.read(evals.resolve("novel")));
    }

    private static EvalSummary summaryOrNull(Path evalDir) throws IOException {
        return Files.isRegularFile(evalDir.resolve(Evaluator.SUMMARY)) ? Evaluator.readSummary(evalDir.resolve(Evaluator.SUMMARY))
                : null;
    }

    /** Step → training seconds up to and including it, from a training log. */
    private static TreeMap<Long, Double> trainSeconds(Path log) throws IOException {
        TreeMap<Long, Double> out = new TreeMap<>();
        if (!Files.isRegularFile(log)) {
            return out;
        }
        double sum = 0;
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = MAPPER.readTree(line);
            } catch (IOException e) {
                break; // a line cut by an interruption ends the usable log
            }
            sum += n.path("seconds").asDouble(0);
            out.put(n.path("step").asLong(), sum);
        }
        return out;
    }

    /** Writes study.json, study.md and the charts into {@code dir}; returns the markdown. */
    public static String write(Path dir) throws IOException {
        Study study = read(dir);
        if (study.variants().stream().allMatch(v -> v.points().isEmpty())) {
            throw new EvalException(dir + ": no variant has an evaluated step yet (variants/*/eval/step_N/summary.json)");
        }
        AtomicFiles.writeString(dir.resolve(JSON), MAPPER.writeValueAsString(study));
        chart(study, "Held-out PSNR (dB)", "step", p -> p.step(), Point::psnr, dir.resolve("psnr_steps.png"));
        chart(study, "Held-out PSNR (dB)", "training wall time (s)", Point::trainSeconds, Point::psnr, dir.resolve("psnr_time.png"));
        chart(study, "Held-out SSIM", "step", p -> p.step(), Point::ssim, dir.resolve("ssim_steps.png"));
        chart(study, "Held-out F-LMD (px at 512²)", "step", p -> p.step(), Point::flmd, dir.resolve("flmd_steps.png"));
        String md = markdown(study);
        AtomicFiles.writeString(dir.resolve(MARKDOWN), md);
        return md;
    }

    private static void chart(Study study, String title, String xLabel, ToDoubleFunction<Point> x,
            java.util.function.Function<Point, Double> y, Path file) throws IOException {
        LineChart c = new LineChart(title, xLabel, false);
        for (Variant v : study.variants()) {
            if (v.points().isEmpty()) {
                continue;
            }
            double[] xs = v.points().stream().mapToDouble(x).toArray();
            double[] ys = v.points().stream().map(y).mapToDouble(v2 -> v2 == null ? Double.NaN : v2).toArray();
            c.add(new LineChart.Series(v.name(), xs, ys));
        }
        c.writePng(file, 900, 520);
    }

    private static String markdown(Study study) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(study.machine()).append("\n\n");
        md.append("| variant | changes | step | train time (s) | PSNR ↑ | SSIM ↑ | F-LMD ↓ | best PSNR (step) | shifted PSNR ↑ |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Variant v : study.variants()) {
            String shifted = v.shifted() == null ? "–" : fmt(v.shifted().psnr(), 2);
            if (v.points().isEmpty()) {
                md.append("| ").append(v.name()).append(" | ").append(changes(v)).append(" | – | – | – | – | – | – | ").append(shifted)
                        .append(" |\n");
                continue;
            }
            Point last = v.points().get(v.points().size() - 1);
            Point best = v.points().stream().filter(p -> p.psnr() != null)
                    .max((a, b) -> Double.compare(a.psnr(), b.psnr())).orElse(last);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s | %s | %s | %s (%d) | %s |%n", v.name(), changes(v),
                    last.step(), last.trainSeconds(), fmt(last.psnr(), 2), fmt(last.ssim(), 3), fmt(last.flmd(), 1),
                    fmt(best.psnr(), 2), best.step(), shifted));
        }
        expressions(md, study);
        novelViews(md, study);
        List<Variant> ablation = study.variants().stream().filter(v -> !v.ablation().isBlank()).toList();
        if (!ablation.isEmpty()) {
            md.append("\nAblation in the layout of the paper's Table 2 (held-out frames; centred windows, and windows")
                    .append(" shifted off-centre):\n\n");
            md.append("| model | step | PSNR ↑ | SSIM ↑ | F-LMD ↓ | shifted by | shifted PSNR ↑ | shifted SSIM ↑ | shifted F-LMD ↓ |\n");
            md.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Variant v : ablation) {
                Point last = v.points().isEmpty() ? null : v.points().get(v.points().size() - 1);
                Shifted sh = v.shifted();
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", v.ablation().replace("|", "\\|"),
                        last == null ? "–" : Long.toString(last.step()), last == null ? "–" : fmt(last.psnr(), 2),
                        last == null ? "–" : fmt(last.ssim(), 3), last == null ? "–" : fmt(last.flmd(), 1),
                        sh == null ? "–" : sh.offset(), sh == null ? "–" : fmt(sh.psnr(), 2), sh == null ? "–" : fmt(sh.ssim(), 3),
                        sh == null ? "–" : fmt(sh.flmd(), 1)));
            }
        }
        return md.toString();
    }

    /** The expression table: the protocol's figures and mouth, and the cross-reenactment's mouth, per variant. */
    private static void expressions(StringBuilder md, Study study) {
        List<Variant> measured = study.variants().stream().filter(v -> v.expressions() != null).toList();
        if (measured.isEmpty()) {
            return;
        }
        md.append("\nExpressions at the last step: every tracked frame driven by the mean code γ̄ (the expression protocol)")
                .append(" and the cross-reenactment; mouth gain = std(avatar) / std(reference) of the mouth opening, corr. their")
                .append(" correlation; max = the widest opening, avatar / reference:\n\n");
        md.append("| variant | held-out PSNR ↑ | all γ̄ PSNR ↑ | all γ̄ F-LMD ↓ | all γ̄ mouth gain | all γ̄ corr. ↑ | all γ̄ max |")
                .append(" AED mouth (mm) ↓ | cross gain | cross corr. ↑ | cross max |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Variant v : measured) {
            Point last = v.points().isEmpty() ? null : v.points().get(v.points().size() - 1);
            EvalSummary p = v.expressions().protocol();
            EvalSummary c = v.expressions().cross();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", v.name(),
                    last == null ? "–" : fmt(last.psnr(), 2), p == null ? "–" : fmt(p.psnr(), 2), p == null ? "–" : fmt(p.flmd(), 1),
                    p == null ? "–" : fmt(EvalReport.mouthGain(p), 2), p == null ? "–" : fmt(EvalReport.mouthCorrelation(p), 2), maxes(p),
                    p == null || p.expression() == null ? "–" : fmt(p.expression().aedMouthMm(), 2),
                    c == null ? "–" : fmt(EvalReport.mouthGain(c), 2), c == null ? "–" : fmt(EvalReport.mouthCorrelation(c), 2),
                    maxes(c)));
        }
    }

    /** The novel-view table: per variant and 10° bin of the orbit's turn, faces found, median APD and mean CSIM. */
    private static void novelViews(StringBuilder md, Study study) {
        List<Variant> measured = study.variants().stream().filter(v -> !v.novelViews().isEmpty()).toList();
        if (measured.isEmpty()) {
            return;
        }
        List<NovelViews.Bin> head = measured.get(0).novelViews();
        md.append("\nNovel views at the last step: a ±40° orbit (48 views) tracked by our tracker; per bin of the turn: faces found,")
                .append(" median APD (° between the pose asked and the pose read; ↓) and mean CSIM to the training frames (↑):\n\n");
        md.append("| variant | held-out PSNR ↑ | held-out F-LMD ↓ |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (NovelViews.Bin b : head) {
            md.append(String.format(Locale.ROOT, " %.0f-%.0f° |", b.fromDeg(), Math.min(b.toDeg(), 90)));
            rule.append("---|");
        }
        md.append('\n').append(rule).append('\n');
        for (Variant v : measured) {
            Point last = v.points().isEmpty() ? null : v.points().get(v.points().size() - 1);
            md.append("| ").append(v.name()).append(" | ").append(last == null ? "–" : fmt(last.psnr(), 2)).append(" | ")
                    .append(last == null ? "–" : fmt(last.flmd(), 1)).append(" |");
            for (NovelViews.Bin b : v.novelViews()) {
                md.append(String.format(Locale.ROOT, " %d/%d, %s°, %s |", b.faces(), b.frames(), fmt(b.medianApdDeg(), 1),
                        fmt(b.meanCsim(), 2)));
            }
            md.append('\n');
        }
    }

    private static String maxes(EvalSummary s) {
        if (s == null || s.expression() == null || s.expression().mouth() == null) {
            return "–";
        }
        SequenceAgreement m = s.expression().mouth();
        return fmt(m.predMax(), 3) + " / " + fmt(m.refMax(), 3);
    }

    private static String changes(Variant v) {
        String d = v.description().isBlank() ? String.join(" ", v.overrides()) : v.description();
        return d.isBlank() ? "defaults" : d.replace("|", "\\|");
    }

    private static String fmt(Double v, int digits) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
