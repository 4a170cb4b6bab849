package org.tri2plane.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.core.util.Progress;

/**
 * The run's record: {@code train_log.jsonl} (one JSON line per step: loss terms and total,
 * perceptual term, learning rate, seconds, RSS, held-out PSNR when measured), the progress bar,
 * and {@code loss_curve.png} (redrawn at every checkpoint and at the end). A resumed run first
 * drops the lines after its checkpoint's step and rewrites them. Also keeps the figures of
 * {@link TrainResult}.
 */
final class TrainLog implements TrainingListener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path lossCurve;
    private final List<Long> historySteps = new ArrayList<>();
    private final List<Map<String, Float>> history = new ArrayList<>();
    private BufferedWriter writer;
    private Progress bar;
    private double firstLoss = Double.NaN;
    private double lastLoss = Double.NaN;
    private Map<String, Float> lastTerms = Map.of();
    private double heldOutPsnr = Double.NaN;

    TrainLog(Path file, Path lossCurve) {
        this.file = file;
        this.lossCurve = lossCurve;
    }

    @Override
    public void onTrainingBegin(TrainingRun run) throws IOException {
        keepUpTo(run.step());
        writer = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        bar = new Progress("train", run.setup().steps(), "steps");
        bar.resumeFrom(run.step());
    }

    @Override
    public void onStep(TrainingRun run, StepRecord r) throws IOException {
        if (Double.isNaN(firstLoss)) {
            firstLoss = r.total();
        }
        lastLoss = r.total();
        lastTerms = r.terms();
        if (!Double.isNaN(r.heldOutPsnr())) {
            heldOutPsnr = r.heldOutPsnr();
        }
        writer.write(JSON.writeValueAsString(line(r, run.setup().loss().perceptual().name())));
        writer.write('\n');
        writer.flush();
        Map<String, Float> curve = new LinkedHashMap<>();
        curve.put("total", r.total());
        curve.putAll(r.terms());
        historySteps.add(r.step());
        history.add(curve);
        bar.note(String.format(Locale.ROOT, "loss %.4f%s", r.total(),
                Double.isNaN(heldOutPsnr) ? "" : String.format(Locale.ROOT, "  held-out PSNR %.2f dB", heldOutPsnr)));
        bar.set(r.step());
        if (r.step() % run.setup().config().training().checkpointEvery() == 0) {
            TrainPreviews.lossCurve(lossCurve, historySteps, history);
        }
    }

    private static Map<String, Object> line(StepRecord r, String perceptual) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", r.step());
        line.put("total", r.total());
        line.put("terms", r.terms());
        line.put("perceptual", perceptual);
        line.put("lr", (float) r.learningRate());
        line.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        line.put("rssMb", ProcessInfo.rssMb());
        if (!Double.isNaN(r.heldOutPsnr())) {
            line.put("heldOutPsnr", Math.round(r.heldOutPsnr() * 1000) / 1000.0);
        }
        return line;
    }

    @Override
    public void onTrainingEnd(TrainingRun run, boolean interrupted) throws IOException {
        TrainPreviews.lossCurve(lossCurve, historySteps, history);
    }

    double firstLoss() {
        return firstLoss;
    }

    double lastLoss() {
        return lastLoss;
    }

    Map<String, Float> lastTerms() {
        return lastTerms;
    }

    /** The last held-out PSNR measured; NaN when none was. */
    double heldOutPsnr() {
        return heldOutPsnr;
    }

    /** Drops log lines after {@code step} (a resumed run rewrites them) and loads the rest into the curve's history. */
    private void keepUpTo(long step) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (l.isBlank()) {
                continue;
            }
            try {
                var node = JSON.readTree(l);
                long s = node.get("step").asLong();
                if (s > step) {
                    continue;
                }
                Map<String, Float> curve = new LinkedHashMap<>();
                curve.put("total", (float) node.get("total").asDouble());
                node.get("terms").fields().forEachRemaining(e -> curve.put(e.getKey(), (float) e.getValue().asDouble()));
                historySteps.add(s);
                history.add(curve);
                kept.add(l);
            } catch (IOException | RuntimeException e) {
                break; // a line cut by an interruption ends the usable log
            }
        }
        AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }

    @Override
    public void close() throws IOException {
        try {
            if (bar != null) {
                bar.close();
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
