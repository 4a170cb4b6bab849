package org.tri2plane.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.metrics.Lpips;
import org.tri2plane.core.metrics.LpipsWeights;
import org.tri2plane.core.model.BlockParameters;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.model.CheckpointMeta;
import org.tri2plane.core.model.ModelFileException;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.AtomicFiles;

/**
 * {@code tri2plane train}: prepares a {@link TrainingRun} (new, or resumed from its checkpoint
 * once subject, perceptual term and seed match) and runs it with its listeners. Each step draws
 * its choices from (seed, step) ({@link StepPlan}), renders the three scales and the SR image for
 * the sliding window, applies Eq. 13 and one Adam update of every parameter including γ_t.
 * Writes under the run directory: {@code checkpoint/} (every N steps, at the end and on
 * Ctrl-C; atomic), {@code train_log.jsonl} (one line per step), {@code previews/} and
 * {@code loss_curve.png}. A NaN or infinite loss stops the run, keeping the last good checkpoint.
 */
public final class Trainer {

    public static final String LOG = "train_log.jsonl";
    public static final String LOSS_CURVE = "loss_curve.png";
    public static final String PREVIEWS = "previews";

    /** Writes a checkpoint directory ({@link Checkpoint#save}; tests put a full disk in its place). */
    @FunctionalInterface
    interface CheckpointWriter {
        void save(Path dir, Tri2PlaneModel model, Adam adam, CheckpointMeta meta) throws IOException;
    }

    private final Consumer<String> log;
    private final CheckpointWriter checkpoints;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<TrainingListener> added = new CopyOnWriteArrayList<>();

    public Trainer(Consumer<String> log) {
        this(log, Checkpoint::save);
    }

    Trainer(Consumer<String> log, CheckpointWriter checkpoints) {
        this.log = log;
        this.checkpoints = checkpoints;
    }

    /**
     * Adds {@code listener} to every later {@link #run}, called after the standard listeners (the
     * non-finite-loss stop, previews, validation, the log and checkpoints), so it sees each step's
     * record with its held-out PSNR and after the step's checkpoint is saved. Returns this trainer.
     */
    public Trainer addListener(TrainingListener listener) {
        added.add(java.util.Objects.requireNonNull(listener, "listener"));
        return this;
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
        Path ckpt = out.resolve(Checkpoint.FOLDER);
        // a save killed part-way leaves temporary folders, or only the previous checkpoint moved aside
        AtomicFiles.recoverDirectory(ckpt).forEach(log);
        AtomicFiles.recoverFile(out.resolve(LOG)).forEach(log);
        AtomicFiles.recoverFile(out.resolve(LOSS_CURVE)).forEach(log);
        boolean exists = checkResume(o, ckpt);
        if (o.threads() != null) {
            JniUtils.setNumThreads(o.threads());
        }
        Device device = device(o, config, subject);
        try (SubjectDataset data = new SubjectDataset(subject, config);
                NDManager root = NDManager.newBaseManager(device);
                Lpips lpips = o.lpipsWeights() == null ? null : new Lpips(LpipsWeights.read(o.lpipsWeights()), root)) {
            data.headOutsideBox().ifPresent(log);
            PerceptualLoss perceptual = lpips == null ? PerceptualLoss.msssim() : PerceptualLoss.lpips(lpips);
            Start begin = exists ? resume(o, ckpt, root, data, perceptual) : fresh(o, config, root, data);
            int steps = o.steps() != null ? o.steps() : config.training().steps();
            if (begin.step() >= steps) {
                throw new TrainingException(ckpt + " is already at step " + begin.step() + "; ask for more with --steps");
            }
            Files.createDirectories(out.resolve(PREVIEWS));
            Tri2PlaneModel model = begin.model();
            Map<String, Double> rates = new LinkedHashMap<>();
            BlockParameters.blocks(model).forEach((name, block) -> rates.put(name, config.training().blockRate(block)));
            try (Adam adam = new Adam(model.namedParameters(), rates, root, config.training().learningRate(),
                    config.training().adamBeta1(), config.training().adamBeta2(), config.training().adamEpsilon())) {
                if (begin.meta() != null) {
                    guard(() -> Checkpoint.restoreOptimizer(ckpt, begin.meta(), adam, root));
                }
                TrainingRun.Setup setup = new TrainingRun.Setup(config, subject, data, model, new ParameterStore(root, false), adam,
                        new Tri2PlaneLoss(config.loss(), config.geometry(),
                        config.geometry().emptyWeight() > 0 ? data.headExtent() : null, perceptual), new BatchBuilder(config, data), begin.seed(),
                        begin.step(), steps, out);
                return train(setup);
            }
        }
    }

    /** Where the run starts: step 0 of a new model, or a checkpoint's step, model and metadata. */
    private record Start(long step, long seed, Tri2PlaneModel model, CheckpointMeta meta) {}

    /** Whether a checkpoint is there to resume; refuses a fresh run over one and a resume without one. */
    private static boolean checkResume(TrainOptions o, Path ckpt) {
        boolean exists = Files.exists(ckpt.resolve(Checkpoint.META));
        if (exists && !o.resume()) {
            long step = guard(() -> Checkpoint.meta(ckpt)).step();
            throw new TrainingException(o.out() + " already holds a checkpoint (step " + step
                    + "); pass --resume to continue it or choose another --out");
        }
        if (!exists && o.resume()) {
            throw new TrainingException("--resume: " + o.out() + " holds no checkpoint to continue from");
        }
        return exists;
    }

    /** The device to train on, once a step fits in its memory. */
    private static Device device(TrainOptions o, Tri2PlaneConfig config, SubjectDirectory subject) {
        Device device = o.device() == null ? Engine.getInstance().defaultDevice() : o.device();
        String tooLarge = MemoryCheck.problem(config, subject.meta().trainCount(), device, MemoryCheck.deviceBytes(device));
        if (tooLarge != null) {
            throw new TrainingException(tooLarge);
        }
        return device;
    }

    private static Start fresh(TrainOptions o, Tri2PlaneConfig config, NDManager root, SubjectDataset data) {
        long seed = o.seed() != null ? o.seed() : config.training().seed();
        Engine.getInstance().setRandomSeed((int) seed);
        Tri2PlaneModel model = new Tri2PlaneModel(config, data.trainFrames().size());
        model.initialize(root);
        return new Start(0, seed, model, null);
    }

    /** The checkpoint in {@code ckpt}, once it is of this subject, perceptual term and seed. */
    private Start resume(TrainOptions o, Path ckpt, NDManager root, SubjectDataset data, PerceptualLoss perceptual) {
        Checkpoint.Loaded loaded = guard(() -> Checkpoint.load(ckpt, root, o.config()));
        CheckpointMeta previous = loaded.meta();
        String sourceSha = data.subject().meta().source().sha256();
        if (!previous.subjectSourceSha256().equals(sourceSha) || previous.trainFrames() != data.trainFrames().size()) {
            throw new TrainingException(ckpt + " was trained on another subject (" + previous.subject() + ", "
                    + previous.trainFrames() + " training frames); " + o.subject() + " has "
                    + data.trainFrames().size() + " training frames from another video");
        }
        if (!previous.perceptual().equals(perceptual.name())) {
            throw new TrainingException(ckpt + " was trained with the perceptual term '" + previous.perceptual()
                    + "', this run would use '" + perceptual.name() + "'"
                    + (o.lpipsWeights() == null ? " (pass the same --lpips-weights)" : " (drop --lpips-weights)"));
        }
        if (o.seed() != null && o.seed() != previous.seed()) {
            throw new TrainingException("--seed " + o.seed() + " differs from the checkpoint's seed " + previous.seed());
        }
        log.accept(String.format(Locale.ROOT, "resuming %s at step %d", ckpt, previous.step()));
        return new Start(previous.step(), previous.seed(), loaded.model(), previous);
    }

    /** Runs the steps with the standard listeners; Ctrl-C (a JVM shutdown) asks for a stop and waits for the save. */
    private TrainResult train(TrainingRun.Setup setup) throws IOException {
        Path out = setup.out();
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
        long t0 = System.nanoTime();
        TrainingRun run;
        boolean interrupted;
        try (TrainLog trainLog = new TrainLog(out.resolve(LOG), out.resolve(LOSS_CURVE))) {
            List<TrainingListener> listeners = new ArrayList<>(List.of(new NonFiniteLossStop(),
                    new PreviewListener(out.resolve(PREVIEWS)), new ValidationListener(), trainLog,
                    new CheckpointListener(checkpoints)));
            listeners.addAll(added);
            run = new TrainingRun(setup, listeners);
            interrupted = run.run(stop::get);
            double secondsPerStep = (System.nanoTime() - t0) / 1e9 / Math.max(1, run.step() - setup.start());
            if (interrupted) {
                log.accept("stopped at step " + run.step() + "; checkpoint saved in " + out.resolve(Checkpoint.FOLDER)
                        + " (continue with --resume)");
            }
            return new TrainResult(run.step(), interrupted, trainLog.firstLoss(), trainLog.lastLoss(), trainLog.lastTerms(),
                    trainLog.heldOutPsnr(), setup.loss().perceptual().name(), out.resolve(Checkpoint.FOLDER), secondsPerStep);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down (Ctrl-C): the hook is waiting for us
            }
        }
    }

    /** A checkpoint-format failure, as training reports it. */
    private static <T> T guard(Supplier<T> read) {
        try {
            return read.get();
        } catch (ModelFileException e) {
            throw new TrainingException(e.getMessage(), e);
        }
    }

    private static void guard(Runnable read) {
        guard(() -> {
            read.run();
            return null;
        });
    }
}
