package org.tri2plane.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.train.bench.StepBenchmark;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.metrics.ImageMetrics;
import org.tri2plane.core.metrics.Lpips;
import org.tri2plane.core.metrics.LpipsWeights;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.Resample;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.NoGrad;
import org.tri2plane.core.util.Progress;
import org.tri2plane.core.util.Scalars;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;

/**
 * {@code tri2plane train}: the patch-sampled multi-scale training loop (Sec. 3.3, 3.4, 4). Each
 * step draws its choices from (seed, step) ({@link StepPlan}), renders the three scales and the SR
 * image for the sliding window, applies Eq. 13 and one Adam update of every parameter including
 * γ_t. Writes under the run directory: {@code checkpoint/} (every N steps, at the end and on
 * Ctrl-C; atomic), {@code train_log.jsonl} (one line per step), {@code previews/} and
 * {@code loss_curve.png}. A NaN or infinite loss stops the run, keeping the last good checkpoint.
 */
public final class Trainer {

    public static final String CHECKPOINT = "checkpoint";
    public static final String LOG = "train_log.jsonl";
    public static final String LOSS_CURVE = "loss_curve.png";
    public static final String PREVIEWS = "previews";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes a checkpoint directory ({@link Checkpoints#save}; tests put a full disk in its place). */
    @FunctionalInterface
    interface CheckpointWriter {
        void save(Path dir, Tri2PlaneModel model, Adam adam, CheckpointMeta meta) throws IOException;
    }

    private final Consumer<String> log;
    private final CheckpointWriter checkpoints;
    private final AtomicBoolean stop = new AtomicBoolean();

    public Trainer(Consumer<String> log) {
        this(log, Checkpoints::save);
    }

    Trainer(Consumer<String> log, CheckpointWriter checkpoints) {
        this.log = log;
        this.checkpoints = checkpoints;
    }

    /** Asks a running {@link #run} to save and return after the current step (what Ctrl-C does). */
    public void requestStop() {
        stop.set(true);
    }

    /** Trains; returns when the requested steps are done or a stop was requested. */
    public TrainResult run(TrainOptions o) throws IOException {
        Tri2PlaneConfig config = o.config();
        SubjectDirectory subject = SubjectDirectory.open(o.subject());
        Path out = o.out();
        Path ckpt = out.resolve(CHECKPOINT);
        // a save killed part-way leaves temporary folders, or only the previous checkpoint moved aside
        AtomicFiles.recoverDirectory(ckpt).forEach(log);
        AtomicFiles.recoverFile(out.resolve(LOG)).forEach(log);
        AtomicFiles.recoverFile(out.resolve(LOSS_CURVE)).forEach(log);
        boolean exists = Files.exists(ckpt.resolve(Checkpoints.META));
        if (exists && !o.resume()) {
            throw new TrainingException(out + " already holds a checkpoint (step " + Checkpoints.meta(ckpt).step()
                    + "); pass --resume to continue it or choose another --out");
        }
        if (!exists && o.resume()) {
            throw new TrainingException("--resume: " + out + " holds no checkpoint to continue from");
        }
        if (o.threads() != null) {
            JniUtils.setNumThreads(o.threads());
        }
        int steps = o.steps() != null ? o.steps() : config.training().steps();
        List<ai.djl.Device> devices = o.devices() == null || o.devices().isEmpty()
                ? List.of(ai.djl.engine.Engine.getInstance().defaultDevice()) : o.devices();
        int batchSize = config.training().batchSize();
        if (batchSize % devices.size() != 0) {
            throw new TrainingException("training.batchSize " + batchSize + " of config '" + config.name()
                    + "' cannot be split evenly over " + devices.size() + " devices " + devices);
        }
        String tooLarge = MemoryCheck.problem(config, subject.meta().trainCount(), devices.get(0),
                MemoryCheck.deviceBytes(devices.get(0)));
        if (tooLarge != null) {
            throw new TrainingException(tooLarge);
        }
        try (SubjectDataset data = new SubjectDataset(subject, config);
                NDManager root = NDManager.newBaseManager(devices.get(0));
                Lpips lpips = o.lpipsWeights() == null ? null : new Lpips(LpipsWeights.read(o.lpipsWeights()), root)) {
            PerceptualLoss perceptual = lpips == null ? PerceptualLoss.msssim() : PerceptualLoss.lpips(lpips);
            String sourceSha = subject.meta().source().sha256();
            long seed;
            long start;
            Tri2PlaneModel model;
            CheckpointMeta previous = null;
            if (exists) {
                Checkpoints.Loaded loaded = Checkpoints.load(ckpt, root, config);
                previous = loaded.meta();
                if (!previous.subjectSourceSha256().equals(sourceSha) || previous.trainFrames() != data.trainFrames().size()) {
                    throw new TrainingException(ckpt + " was trained on another subject (" + previous.subject() + ", "
                            + previous.trainFrames() + " training frames); " + o.subject() + " has "
                            + data.trainFrames().size() + " training frames from another video");
                }
                if (!previous.perceptual().equals(perceptual.name())) {
                    throw new TrainingException(ckpt + " was trained with the perceptual term '" + previous.perceptual()
                            + "', this run would use '" + perceptual.name() + "'"
                            + (lpips == null ? " (pass the same --lpips-weights)" : " (drop --lpips-weights)"));
                }
                if (o.seed() != null && o.seed() != previous.seed()) {
                    throw new TrainingException("--seed " + o.seed() + " differs from the checkpoint's seed " + previous.seed());
                }
                model = loaded.model();
                seed = previous.seed();
                start = previous.step();
                log.accept(String.format(Locale.ROOT, "resuming %s at step %d", ckpt, start));
            } else {
                seed = o.seed() != null ? o.seed() : config.training().seed();
                Engine.getInstance().setRandomSeed((int) seed);
                model = new Tri2PlaneModel(config, data.trainFrames().size());
                model.initialize(root);
                start = 0;
            }
            if (start >= steps) {
                throw new TrainingException(ckpt + " is already at step " + start + "; ask for more with --steps");
            }
            Files.createDirectories(out.resolve(PREVIEWS));
            ParameterStore ps = new ParameterStore(root, false);
            Tri2PlaneLoss loss = new Tri2PlaneLoss(config.loss(), perceptual);
            BatchBuilder batches = new BatchBuilder(config, data);
            Map<String, Double> rates = new LinkedHashMap<>();
            model.parameterBlocks().forEach((name, block) -> rates.put(name, config.training().blockRate(block)));
            try (Adam adam = new Adam(model.namedParameters(), rates, root, config.training().learningRate(),
                    config.training().adamBeta1(), config.training().adamBeta2(), config.training().adamEpsilon())) {
                if (previous != null) {
                    Checkpoints.restoreOptimizer(ckpt, previous, adam, root);
                }
                try (DataParallel parallel = new DataParallel(devices, ps, root, model.namedParameters())) {
                    return loop(o, config, subject, data, model, parallel, adam, loss, batches, seed, start, steps, out, sourceSha);
                }
            }
        }
    }

    private TrainResult loop(TrainOptions o, Tri2PlaneConfig config, SubjectDirectory subject, SubjectDataset data,
            Tri2PlaneModel model, DataParallel parallel, Adam adam, Tri2PlaneLoss loss, BatchBuilder batches, long seed,
            long start, int steps, Path out, String sourceSha) throws IOException {
        ParameterStore ps = parallel.slots().get(0).store();
        Path logFile = out.resolve(LOG);
        List<Long> historySteps = new ArrayList<>();
        List<Map<String, Float>> history = new ArrayList<>();
        keepLogUpTo(logFile, start, historySteps, history);
        int window = config.frame().windowSize();
        int batch = config.training().batchSize();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "tri2plane-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long step = start;
        long lastSaved = start;
        double psnr = Double.NaN;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        Map<String, Float> lastTerms = Map.of();
        long t0 = System.nanoTime();
        boolean interrupted = false;
        try (BufferedWriter w = Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Progress bar = new Progress("train", steps, "steps")) {
            bar.resumeFrom(start);
            StepPlan next = StepPlan.of(seed, start + 1, data.trainFrames(), batch, batches.window(), window, batches.slidingWindow());
            while (step < steps) {
                if (stop.get()) {
                    interrupted = true;
                    break;
                }
                step++;
                StepPlan plan = next;
                next = StepPlan.of(seed, step + 1, data.trainFrames(), batch, batches.window(), window, batches.slidingWindow());
                next.frames().forEach(data::prefetch);
                long s0 = System.nanoTime();
                Map<String, Float> terms = new LinkedHashMap<>();
                List<NDManager> stepManagers = new ArrayList<>();
                try (NDScope scope = new NDScope()) {
                    Engine.getInstance().setRandomSeed(plan.engineSeed());
                    TrainingForward fwd = null;
                    StepTargets firstTargets = null;
                    int slots = parallel.size();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray objective = null;
                        for (int d = 0; d < slots; d++) {
                            DataParallel.Slot slot = parallel.slots().get(d);
                            NDManager m = slot.manager().newSubManager();
                            stepManagers.add(m);
                            StepPlan part = plan.slice(d, slots);
                            FrameBatch inputs = batches.inputs(model, slot.store(), m, part, true);
                            TrainingForward f = model.trainingForward(slot.store(), inputs, part.layout(), true);
                            StepTargets targets = batches.targets(m, part);
                            LossTerms lt = loss.of(f, targets);
                            for (Map.Entry<String, Float> e : lt.values().entrySet()) {
                                if (!Float.isFinite(e.getValue())) {
                                    throw new TrainingException(String.format(Locale.ROOT,
                                            "step %d: loss term '%s' is %s; stopping. The last good checkpoint (step %d) is kept in %s",
                                            step, e.getKey(), e.getValue(), lastSaved, out.resolve(CHECKPOINT)));
                                }
                                terms.merge(e.getKey(), e.getValue() / slots, Float::sum);
                            }
                            NDArray part0 = Scalars.div(lt.total(), slots);
                            objective = objective == null ? part0 : objective.add(part0.toDevice(objective.getDevice(), false));
                            if (d == 0) {
                                fwd = f;
                                firstTargets = targets;
                            }
                        }
                        gc.backward(objective);
                    }
                    parallel.gatherGradients();
                    adam.setLearningRate(config.training().learningRateAt(step));
                    adam.update();
                    parallel.broadcast();
                    if (step % config.training().previewEvery() == 0 || step == steps) {
                        TrainPreviews.preview(out.resolve(PREVIEWS).resolve(String.format("step_%07d.png", step)),
                                firstTargets.window().getShape().get(2) == window ? firstTargets.window()
                                        : Resample.boxDownsample(firstTargets.window(), 2), fwd, window);
                    }
                } finally {
                    stepManagers.forEach(NDManager::close);
                }
                float total = (float) terms.values().stream().mapToDouble(Float::doubleValue).sum();
                if (Double.isNaN(firstLoss)) {
                    firstLoss = total;
                }
                lastLoss = total;
                lastTerms = terms;
                double seconds = (System.nanoTime() - s0) / 1e9;
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("step", step);
                line.put("total", total);
                line.put("terms", terms);
                line.put("perceptual", loss.perceptual().name());
                line.put("lr", (float) config.training().learningRateAt(step));
                line.put("seconds", Math.round(seconds * 1000) / 1000.0);
                line.put("rssMb", ProcessInfo.rssMb());
                if (step % config.training().validationEvery() == 0 || step == steps) {
                    psnr = validate(config, data, model, ps, batches);
                    if (!Double.isNaN(psnr)) {
                        line.put("heldOutPsnr", Math.round(psnr * 1000) / 1000.0);
                    }
                }
                w.write(JSON.writeValueAsString(line));
                w.write('\n');
                w.flush();
                Map<String, Float> curve = new LinkedHashMap<>();
                curve.put("total", total);
                curve.putAll(terms);
                historySteps.add(step);
                history.add(curve);
                bar.note(String.format(Locale.ROOT, "loss %.4f%s", total,
                        Double.isNaN(psnr) ? "" : String.format(Locale.ROOT, "  held-out PSNR %.2f dB", psnr)));
                bar.set(step);
                if (step % config.training().checkpointEvery() == 0) {
                    save(out, model, adam, config, subject, data, loss, seed, step, sourceSha, lastSaved);
                    lastSaved = step;
                    TrainPreviews.lossCurve(out.resolve(LOSS_CURVE), historySteps, history);
                }
            }
            if (lastSaved != step) {
                save(out, model, adam, config, subject, data, loss, seed, step, sourceSha, lastSaved);
            }
            TrainPreviews.lossCurve(out.resolve(LOSS_CURVE), historySteps, history);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down (Ctrl-C): the hook is waiting for us
            }
        }
        double sps = (System.nanoTime() - t0) / 1e9 / Math.max(1, step - start);
        if (interrupted) {
            log.accept("stopped at step " + step + "; checkpoint saved in " + out.resolve(CHECKPOINT) + " (continue with --resume)");
        }
        return new TrainResult(step, interrupted, firstLoss, lastLoss, lastTerms, psnr, loss.perceptual().name(),
                out.resolve(CHECKPOINT), sps);
    }

    private void save(Path out, Tri2PlaneModel model, Adam adam, Tri2PlaneConfig config, SubjectDirectory subject,
            SubjectDataset data, Tri2PlaneLoss loss, long seed, long step, String sourceSha, long lastSaved) throws IOException {
        CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.FORMAT, CheckpointMeta.VERSION, step, seed, config,
                subject.root().toAbsolutePath().toString(), sourceSha, data.trainFrames().size(), loss.perceptual().name(),
                adam.stepCount(), adam.learningRate(), null);
        try {
            checkpoints.save(out.resolve(CHECKPOINT), model, adam, meta);
        } catch (IOException e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new TrainingException("cannot save the checkpoint of step " + step + " to " + out.resolve(CHECKPOINT) + " ("
                    + cause + "). " + (lastSaved > 0
                            ? "The checkpoint of step " + lastSaved + " there is intact: free some space and continue with --resume"
                            : "No checkpoint was saved yet: free some space and start again"), e);
        }
    }

    /** Mean PSNR (dB) of the SR render of a few held-out frames against their centred window; NaN without held-out frames. */
    static double validate(Tri2PlaneConfig config, SubjectDataset data, Tri2PlaneModel model, ParameterStore ps,
            BatchBuilder batches) {
        List<FrameParams> test = data.testFrames();
        int n = Math.min(config.training().validationFrames(), test.size());
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        try (NDManager m = ps.getManager().newSubManager(); NDScope scope = new NDScope(); NoGrad g = NoGrad.enter()) {
            NDArray gamma = meanGamma(model);
            for (int i = 0; i < n; i++) {
                FrameData d = data.frame(test.get(i * test.size() / n));
                NDArray sr = model.renderImage(ps, batches.evaluationInputs(m, d, gamma)).clip(0, 1);
                if (sr.getShape().get(2) != config.frame().windowSize()) {
                    sr = Resample.boxDownsample(sr, 2);
                }
                sum += ImageMetrics.psnr(sr, batches.centredTruth(m, d)).getFloat(0);
            }
        }
        return sum / n;
    }

    /** γ for frames without their own code: the mean of the training frames' γ_t. */
    public static NDArray meanGamma(Tri2PlaneModel model) {
        NDArray table = model.latents().tableParameter().getArray();
        return table.mean(new int[] {0});
    }

    /** Drops log lines after the checkpoint's step (a resumed run rewrites them) and loads the rest. */
    private static void keepLogUpTo(Path logFile, long step, List<Long> steps, List<Map<String, Float>> history)
            throws IOException {
        if (!Files.exists(logFile)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String l : Files.readAllLines(logFile)) {
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
                steps.add(s);
                history.add(curve);
                kept.add(l);
            } catch (IOException | RuntimeException e) {
                break; // a line cut by an interruption ends the usable log
            }
        }
        org.tri2plane.core.util.AtomicFiles.writeString(logFile, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }
}
