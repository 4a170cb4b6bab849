package org.tri2plane.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Stats;

/**
 * Assembles the one report of {@code scripts/bench.sh} from the parts it measured in a folder:
 * {@code djl-CONFIG.json} (bench-step) and {@code python-CONFIG.json} (the PyTorch reference of the
 * same step) per config, {@code track.json}, {@code render-NAME.json} and {@code environment.json}.
 * It adds the DJL / PyTorch time ratios (keys {@code ratio…}: below 1 means Tri2plane-J is faster)
 * and writes {@code report.json} and a markdown summary.
 */
public final class BenchReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] TIMES = {"forward", "backward", "step", "inference"};

    private BenchReport() {}

    /** Reads the parts in {@code dir}, writes {@code report.json} and {@code summary.md} there; returns the report. */
    public static ObjectNode write(Path dir) throws IOException {
        ObjectNode report = assemble(dir);
        AtomicFiles.writeString(dir.resolve("report.json"), MAPPER.writeValueAsString(report) + "\n");
        AtomicFiles.writeString(dir.resolve("summary.md"), markdown(report));
        return report;
    }

    /** The report of the parts in {@code dir}; a missing part is left out, an unreadable one is an error. */
    public static ObjectNode assemble(Path dir) throws IOException {
        ObjectNode report = MAPPER.createObjectNode();
        JsonNode env = read(dir.resolve("environment.json"));
        if (env != null) {
            report.set("environment", env);
        }
        ObjectNode configs = report.putObject("configs");
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("djl-") && n.endsWith(".json"))
                    .sorted()
                    .forEach(n -> names.add(n.substring(4, n.length() - 5)));
        }
        for (String name : names) {
            JsonNode djl = read(dir.resolve("djl-" + name + ".json"));
            JsonNode py = read(dir.resolve("python-" + name + ".json"));
            ObjectNode c = configs.putObject(name);
            c.set("djl", djl);
            if (py != null) {
                c.set("python", py);
                c.set("ratios", ratios(djl, py));
                c.set("stageRatios", stageRatios(djl, py));
            } else if (Files.isRegularFile(dir.resolve("python-" + name + ".skipped"))) {
                c.put("pythonNotCompared", Files.readString(dir.resolve("python-" + name + ".skipped")).trim());
            }
        }
        JsonNode track = read(dir.resolve("track.json"));
        if (track != null) {
            report.set("tracking", track);
        }
        ObjectNode render = MAPPER.createObjectNode();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("render-.*\\.json")).sorted().toList()) {
                String n = p.getFileName().toString();
                render.set(n.substring(7, n.length() - 5), read(p));
            }
        }
        if (!render.isEmpty()) {
            report.set("render", render);
        }
        return report;
    }

    /** DJL median / PyTorch median for forward, backward, the whole step and one inference frame. */
    static ObjectNode ratios(JsonNode djl, JsonNode py) {
        ObjectNode r = MAPPER.createObjectNode();
        for (String t : TIMES) {
            double a = djlMedian(djl, t);
            double b = pythonMedian(py, t);
            if (a > 0 && b > 0) {
                r.put(ratioKey(t), a / b);
            }
        }
        return r;
    }

    /** DJL / PyTorch per stage of the step (same stage names on both sides). */
    static ObjectNode stageRatios(JsonNode djl, JsonNode py) {
        ObjectNode r = MAPPER.createObjectNode();
        JsonNode a = djl.path("stageMedians");
        JsonNode b = py.path("stages");
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double x = e.getValue().asDouble(Double.NaN);
            double y = b.path(e.getKey()).asDouble(Double.NaN);
            if (x > 0 && y > 0) {
                r.put(ratioKey(e.getKey()), x / y);
            }
        }
        return r;
    }

    /** bench-step keeps each time as a {@link Stats} at the top level. */
    static double djlMedian(JsonNode djl, String time) {
        return djl.path(time).path("median").asDouble(Double.NaN);
    }

    /** The PyTorch reference keeps step times under "times" and the inference frame at the top level. */
    static JsonNode pythonTime(JsonNode py, String time) {
        return time.equals("inference") ? py.path("inference") : py.path("times").path(time);
    }

    static double pythonMedian(JsonNode py, String time) {
        return pythonTime(py, time).path("median").asDouble(Double.NaN);
    }

    /** The report key of a ratio: "ratio" and the capitalised name ("step" → "ratioStep"). */
    static String ratioKey(String name) {
        return "ratio" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The markdown summary: environment, per config DJL vs PyTorch, stages, memory, peak, tracking, render. */
    public static String markdown(JsonNode report) {
        StringBuilder md = new StringBuilder("# Benchmark report\n\n");
        JsonNode env = report.path("environment");
        if (!env.isMissingNode()) {
            md.append("| | |\n|---|---|\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().isValueNode()
                        ? e.getValue().asText() : e.getValue().toString()).append(" |\n");
            }
            md.append('\n');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = report.path("configs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            stepTables(md, e.getKey(), e.getValue());
            computeAndMemory(md, e.getValue());
        }
        JsonNode track = report.path("tracking");
        if (!track.isMissingNode()) {
            JsonNode r = track.path("report");
            int frames = r.path("framesKept").asInt();
            double seconds = r.path("seconds").asDouble();
            md.append(String.format(Locale.ROOT,
                    "## Tracking%n%n%d frames in %.1f s end to end: **%.1f frames/s** (frames and masks written);"
                            + " face detection + mesh alone %.1f frames/s.%n%n",
                    frames, seconds, frames / seconds, r.path("trackingFps").asDouble()));
        }
        JsonNode render = report.path("render");
        if (!render.isMissingNode()) {
            md.append("## Rendering (frame path incl. H.264)\n\n| run | config | output | s/frame median (min–max) | frames/s |\n|---|---|---|---|---|\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = render.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode r = e.getValue();
                md.append(String.format(Locale.ROOT, "| %s | %s | %d² | %.3f (%.3f–%.3f) | %.3f |%n", e.getKey(),
                        r.path("config").asText(), r.path("outputResolution").asInt(),
                        r.path("secondsPerFrameMedian").asDouble(), r.path("secondsPerFrameMin").asDouble(),
                        r.path("secondsPerFrameMax").asDouble(), r.path("framesPerSecond").asDouble()));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** One config's step table (DJL against PyTorch per timed part) and its stage table. */
    private static void stepTables(StringBuilder md, String name, JsonNode config) {
        JsonNode djl = config.path("djl");
        JsonNode py = config.path("python");
        md.append("## ").append(name).append(".json training step\n\n");
        md.append("Seconds, median (min–max) over the timed runs; ratio = DJL / PyTorch (below 1: Tri2plane-J faster).\n\n");
        if (config.has("pythonNotCompared")) {
            md.append("Not compared with PyTorch: ").append(config.get("pythonNotCompared").asText()).append(".\n\n");
        }
        md.append("| | Tri2plane-J (DJL ").append(djl.path("pytorch").asText("?")).append(") | PyTorch ")
                .append(py.path("torch").asText(py.isMissingNode() ? "—" : "?")).append(" (Python) | ratio |\n");
        md.append("|---|---|---|---|\n");
        JsonNode ratios = config.path("ratios");
        for (String t : TIMES) {
            JsonNode p = pythonTime(py, t);
            String key = ratioKey(t);
            md.append("| ").append(t.equals("inference") ? "inference frame" : t).append(" | ")
                    .append(stats(djl.path(t))).append(" | ").append(stats(p)).append(" | ")
                    .append(num(ratios.path(key), "%.2f")).append(" |\n");
        }
        md.append('\n');
        JsonNode stages = djl.path("stageMedians");
        if (!stages.isMissingNode()) {
            md.append("| stage (median s/step) | DJL | PyTorch | ratio |\n|---|---|---|---|\n");
            for (Iterator<Map.Entry<String, JsonNode>> s = stages.fields(); s.hasNext(); ) {
                Map.Entry<String, JsonNode> st = s.next();
                String key = ratioKey(st.getKey());
                md.append("| ").append(st.getKey()).append(" | ").append(num(st.getValue(), "%.4f")).append(" | ")
                        .append(num(py.path("stages").path(st.getKey()), "%.4f")).append(" | ")
                        .append(num(config.path("stageRatios").path(key), "%.2f")).append(" |\n");
            }
            md.append('\n');
        }
    }

    /** One config's FLOPs, memory and CPU-peak lines. */
    private static void computeAndMemory(StringBuilder md, JsonNode config) {
        JsonNode djl = config.path("djl");
        JsonNode py = config.path("python");
        md.append(String.format(Locale.ROOT,
                "FLOPs: forward %.2f GFLOP, step %.2f GFLOP; achieved %.1f GFLOP/s (step), %.1f GFLOP/s (forward).%n",
                djl.path("forwardGflops").asDouble(), djl.path("stepGflops").asDouble(),
                djl.path("achievedGflopsStep").asDouble(), djl.path("achievedGflopsForward").asDouble()));
        md.append(String.format(Locale.ROOT,
                "Memory (DJL): RSS peak %d MB, growth %d MB (outside the Java heap %d MB) over %d steps after"
                        + " settling, live native arrays %d → %d, Java heap used %d MB of %d MB. PyTorch peak RSS %s MB.%n%n",
                djl.path("rssPeakMb").asLong(), djl.path("rssGrowthMb").asLong(), djl.path("nativeGrowthMb").asLong(),
                djl.path("warmupSteps").asInt() + djl.path("timedSteps").asInt(),
                djl.path("liveArraysAfterWarmup").asInt(), djl.path("liveArraysAtEnd").asInt(),
                djl.path("heapUsedEndMb").asLong(), djl.path("heapMaxMb").asLong(),
                py.path("rss").path("peakMb").asText("—")));
        JsonNode peak = djl.path("peak");
        if (!peak.isMissingNode() && !peak.isNull()) {
            md.append(String.format(Locale.ROOT,
                    "CPU peak (DJL, %d threads): matmul %d² %s GFLOP/s, conv %s %s GFLOP/s",
                    peak.path("threads").asInt(), peak.path("matmulSize").asInt(),
                    stats(peak.path("matmulGflops")), peak.path("convShape").asText(), stats(peak.path("convGflops"))));
            JsonNode pp = py.path("peak");
            if (!pp.isMissingNode()) {
                md.append(String.format(Locale.ROOT, "; PyTorch %s: matmul %s GFLOP/s, conv %s GFLOP/s",
                        py.path("blas").asText("?"), num(pp.path("matmul").path("gflops"), "%.1f"),
                        num(pp.path("conv3x3").path("gflops"), "%.1f")));
            }
            md.append(".\n\n");
        }
    }

    private static String stats(JsonNode s) {
        if (s.isMissingNode() || !s.has("median")) {
            return "—";
        }
        return String.format(Locale.ROOT, "%s (%s–%s)", fmt(s.path("median").asDouble()), fmt(s.path("min").asDouble()),
                fmt(s.path("max").asDouble()));
    }

    private static String fmt(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(JsonNode n, String format) {
        return n.isNumber() ? String.format(Locale.ROOT, format, n.asDouble()) : "—";
    }

    private static JsonNode read(Path p) throws IOException {
        if (!Files.exists(p)) {
            return null;
        }
        try {
            return MAPPER.readTree(p.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read benchmark part " + p + ": " + e.getMessage(), e);
        }
    }
}
