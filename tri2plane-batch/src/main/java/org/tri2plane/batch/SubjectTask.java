package org.tri2plane.batch;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.eval.EvalRequest;
import org.tri2plane.eval.Evaluator;
import org.tri2plane.render.AvatarRenderer;
import org.tri2plane.render.RenderMode;
import org.tri2plane.render.RenderRequest;
import org.tri2plane.tracking.TrackingPipeline;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.train.TrainOptions;
import org.tri2plane.train.Trainer;

/**
 * One subject of a batch, from its video to its metrics, through the module APIs the command line
 * calls: track (and track its driver), train, render self / cross / orbit, evaluate. Every stage
 * resumes what an earlier attempt left ({@code --resume} tracking, training from its checkpoint;
 * finished renders and evaluations are kept), so a retried task never starts from scratch. It
 * writes only under {@code OUT/NAME/}.
 */
final class SubjectTask {

    private final Manifest.Subject s;
    private final BatchSettings settings;
    private final Path dir;
    private final Consumer<String> log;

    SubjectTask(Manifest.Subject s, BatchSettings settings, Consumer<String> log) {
        this.s = s;
        this.settings = settings;
        this.dir = Path.of(settings.out()).resolve(s.name());
        this.log = line -> log.accept("[" + s.name() + "] " + line);
    }

    /** Runs every stage that is not done yet; {@code attempt} counts from 0. */
    SubjectResult run(int attempt) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        Path subject = dir.resolve("subject");
        Path driver = s.driver() == null ? null : dir.resolve("driver");
        Map<Path, Path> tracks = new LinkedHashMap<>();
        tracks.put(subject, Path.of(s.video()));
        if (driver != null) {
            tracks.put(driver, Path.of(s.driver()));
        }
        track(tracks);
        Path run = dir.resolve("run");
        long resumedFrom = train(subject, run);
        Path self = evaluate("self", new RenderMode.Self(), run, subject, false);
        Path expression = evaluate("expression", new RenderMode.Self(), run, subject, true);
        Path cross = driver == null ? null : evaluate("cross", new RenderMode.Cross(driver, null), run, subject, false);
        Path orbit = dir.resolve("videos").resolve("orbit.mp4");
        if (!Files.isRegularFile(orbit)) {
            log.accept("rendering the orbit");
            new AvatarRenderer(log).run(RenderRequest.builder(run, subject).mode(new RenderMode.Orbit(40, 0, 24, false)).mp4(orbit)
                    .force(true).build());
        }
        log.accept("done");
        return new SubjectResult(s.name(), true, null, attempt, resumedFrom, (System.nanoTime() - t0) / 1e9, self.toString(),
                expression.toString(), cross == null ? null : cross.toString());
    }

    /** Tracks into each subject folder its video unless done, loading the face models once for all of them. */
    private void track(Map<Path, Path> videos) throws IOException {
        videos.keySet().removeIf(out -> Files.isRegularFile(out.resolve(SubjectDirectory.META)));
        if (videos.isEmpty()) {
            return;
        }
        TrackingSettings ts = settings.trackingSettings() == null ? TrackingSettings.defaults()
                : new ConfigLoader().load(Path.of(settings.trackingSettings()), TrackingSettings.class);
        try (NDManager m = NDManager.newBaseManager()) {
            TrackingPipeline p = TrackingPipeline.withAssets(AssetStore.open(assets()), m, ts.minDetectionScore(), log);
            for (Map.Entry<Path, Path> e : videos.entrySet()) {
                boolean resume = Files.isDirectory(TrackingPipeline.partialDirectory(e.getKey()));
                log.accept((resume ? "resuming the tracking of " : "tracking ") + e.getValue());
                p.run(new TrackingPipeline.Options(e.getValue(), e.getKey(), ts, settings.maxFrames(), settings.fps(), resume, false));
            }
        }
    }

    private Path assets() {
        return settings.assetsDir() == null ? null : Path.of(settings.assetsDir());
    }

    /** Trains (or continues) to the subject's steps; returns the step it resumed from (0 when fresh). */
    private long train(Path subject, Path run) throws IOException {
        Path ckpt = run.resolve(Checkpoint.FOLDER);
        long start = Files.isRegularFile(ckpt.resolve(Checkpoint.META)) ? Checkpoint.meta(ckpt).step() : 0;
        if (start >= s.steps()) {
            return start;
        }
        Tri2PlaneConfig config = new ConfigLoader().load(Path.of(s.config()));
        int target = s.steps();
        Path marker = dir.resolve(".injected-failure");
        boolean inject = s.name().equals(settings.failOnceSubject()) && !Files.exists(marker) && settings.failOnceStep() < target;
        if (inject) {
            target = settings.failOnceStep();
        }
        log.accept((start > 0 ? "resuming training at step " + start : "training") + " to step " + target);
        new Trainer(log).run(new TrainOptions(subject, config, run, target, null, null, null, start > 0, device()));
        if (inject) {
            Files.writeString(marker, "failed once after step " + target + "\n");
            throw new BatchException("injected failure after training step " + target + " (a test of retries)");
        }
        return start;
    }

    /**
     * The GPU Spark gave this task ({@code spark.task.resource.gpu.amount=1} with a discovery
     * script): training runs on it; null (the engine's default device) without one.
     */
    static Device device() {
        TaskContext ctx = TaskContext.get();
        if (ctx == null || !ctx.resources().contains("gpu")) {
            return null;
        }
        String[] addresses = ctx.resources().apply("gpu").addresses();
        return addresses.length == 0 ? null : Device.gpu(Integer.parseInt(addresses[0].trim()));
    }

    /**
     * Renders {@code mode}'s frames with what they should show, and evaluates them (kept when done);
     * {@code protocol}: every tracked frame driven by the mean code (the expression protocol).
     */
    private Path evaluate(String name, RenderMode mode, Path run, Path subject, boolean protocol) throws IOException {
        Path d = dir.resolve("eval").resolve(name);
        Path eval = d.resolve("eval");
        if (Files.isRegularFile(eval.resolve(Evaluator.SUMMARY))) {
            return eval;
        }
        log.accept("rendering and evaluating " + name);
        boolean self = mode instanceof RenderMode.Self;
        RenderRequest.Builder r = RenderRequest.builder(run, subject).mode(mode).pngDir(d.resolve("pred"))
                .expectedParams(d.resolve("params.json")).force(true);
        if (protocol) {
            r.meanGamma(true).frames(0, Integer.MAX_VALUE);
        }
        if (self) {
            r.truthDir(d.resolve("gt"));
        } else {
            r.landmarks(d.resolve("landmarks.jsonl"));
        }
        new AvatarRenderer(log).run(r.build());
        EvalRequest e = new EvalRequest(d.resolve("pred"), self ? d.resolve("gt") : null, self ? null : d.resolve("landmarks.jsonl"),
                null, eval, EvalRequest.NATIVE, null, true, assets(), subject, d.resolve("params.json"));
        new Evaluator(log).run(e);
        return eval;
    }
}
