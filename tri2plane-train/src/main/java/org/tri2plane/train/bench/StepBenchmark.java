package org.tri2plane.train.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.ExpressionWarp;
import org.tri2plane.core.geometry.FaceMesh;
import org.tri2plane.core.geometry.HeadExtent;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.ModelSummary;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.AlignedCondition;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.core.util.Scalars;
import org.tri2plane.core.util.StageClock;
import org.tri2plane.core.util.Stats;
import org.tri2plane.train.GeometryLoss;
import org.tri2plane.train.TurnedView;

/**
 * Times full training steps (forward of all three scales, the SR input of superResolution.trainingTiles² tiles and SR, backward,
 * Adam) of a config on synthetic inputs and a fixed synthetic target, and inference frames.
 * Measures wall time per step and per stage, the process's resident memory over the run and the
 * Java heap; the model and data are synthetic because the point is the cost of the step, not
 * what it learns. {@code scripts/bench/reference_step.py} is the same step in Python PyTorch.
 */
public final class StepBenchmark {

    /** Training-frame rows of the γ table in the benchmark model. */
    public static final int FRAMES = 8;

    /** Operators listed from a profile. */
    private static final int TOP_OPS = 25;

    /**
     * What to run: untimed and timed steps, inference frames (0: none), memory sample interval,
     * whether to measure the CPU's peak ({@link CpuPeak}) first, and where to write the PyTorch
     * profiler trace of the last timed step (null: no profile; each timed step is profiled on its own).
     */
    public record Options(int warmup, int steps, int inferenceRuns, int memoryEvery, boolean peak, Path profile) {
        public Options {
            if (warmup < 0 || steps < 1 || inferenceRuns < 0 || memoryEvery < 1) {
                throw new IllegalArgumentException("warmup >= 0, steps >= 1, inference runs >= 0, memory interval >= 1");
            }
        }

        /** Without a profile. */
        public Options(int warmup, int steps, int inferenceRuns, int memoryEvery, boolean peak) {
            this(warmup, steps, inferenceRuns, memoryEvery, peak, null);
        }
    }

    /**
     * Resident memory, Java heap (used and committed) and live native arrays after a step;
     * {@code nativeMb} = resident − committed heap, the memory outside the Java heap.
     */
    public record MemorySample(int step, long rssMb, long heapUsedMb, long heapCommittedMb, long nativeMb, int liveArrays) {}

    /**
     * What one run measured; times in seconds, stage medians per step; {@code ops} the operators
     * with the most self time in the profiled steps (null without {@link Options#profile()}).
     */
    public record Result(
            String config,
            int warmupSteps,
            int timedSteps,
            int threads,
            Stats step,
            Stats forward,
            Stats backward,
            Stats optimizer,
            Stats inference,
            Map<String, Double> stageMedians,
            double forwardGflops,
            double stepGflops,
            double achievedGflopsForward,
            double achievedGflopsStep,
            long rssStartMb,
            long rssEndMb,
            long rssPeakMb,
            long rssGrowthMb,
            long nativeGrowthMb,
            long heapMaxMb,
            long heapUsedEndMb,
            int liveArraysAfterWarmup,
            int liveArraysAtEnd,
            List<MemorySample> memory,
            CpuPeak.Result peak,
            OpProfile ops,
            Map<String, String> mallocSettings,
            String engine,
            String pytorch,
            String cpu) {}

    private StepBenchmark() {}

    /** Runs the benchmark; {@code progress} is called with the number of finished steps. */
    public static Result run(Tri2PlaneConfig config, Options o, IntConsumer progress) {
        CpuPeak.Result peakCompute = o.peak() ? CpuPeak.measure(2048, 128, 256, 5) : null;
        Engine.getInstance().setRandomSeed(1);
        long rssStart = ProcessInfo.rssMb();
        RssSampler sampler = new RssSampler();
        sampler.start();
        Timings t = new Timings();
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new Tri2PlaneModel(config, FRAMES);
            model.initialize(root);
            ParameterStore ps = new ParameterStore(root, false);
            SplittableRandom random = new SplittableRandom(config.training().seed());
            trainingSteps(config, o, progress, model, ps, random, t);
            inferenceFrames(o, model, ps, random, t);
            t.liveEnd = root.getManagedArrays().size();
        } finally {
            sampler.interrupt();
        }
        OpProfile ops = o.profile() == null ? null : OpProfile.of(t.profiled, o.steps(), TOP_OPS);
        return result(config, o, t, rssStart, sampler.peak(), peakCompute, ops);
    }

    /** What the run measured, step by step. */
    private static final class Timings {
        final List<Double> step = new ArrayList<>();
        final List<Double> forward = new ArrayList<>();
        final List<Double> backward = new ArrayList<>();
        final List<Double> optimizer = new ArrayList<>();
        final List<Double> inference = new ArrayList<>();
        final Map<String, List<Double>> stages = new LinkedHashMap<>();
        final List<MemorySample> memory = new ArrayList<>();
        final List<OpProfile.Event> profiled = new ArrayList<>();
        int liveWarm = -1;
        int liveEnd;
    }

    /** Warm-up and timed training steps (forward with loss, backward, Adam), each in its own scope. */
    private static void trainingSteps(Tri2PlaneConfig config, Options o, IntConsumer progress, Tri2PlaneModel model,
            ParameterStore ps, SplittableRandom random, Timings t) {
        NDManager root = ps.getManager();
        int w = config.frame().windowSize();
        StageClock clock = StageClock.recording();
        model.timeStages(clock);
        try (Adam adam = new Adam(model.namedParameters(), root, config.training().learningRate(),
                config.training().adamBeta1(), config.training().adamBeta2(), config.training().adamEpsilon())) {
            for (int i = 0; i < o.warmup() + o.steps(); i++) {
                boolean profiled = i >= o.warmup() && o.profile() != null;
                if (profiled) {
                    JniUtils.startProfile(false, false, false);
                }
                clock.start();
                long t0 = System.nanoTime();
                long t1;
                long t2;
                try (NDManager step = root.newSubManager(); NDScope scope = new NDScope()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        FrameBatch batch = batch(model, ps, step, config.training().batchSize(), random);
                        clock.mark("data");
                        TrainingForward out = model.trainingForward(ps, batch, PatchLayout.random(w, random), true);
                        NDArray loss = syntheticLoss(out);
                        if (config.geometry().usesFace()) {
                            loss = loss.add(geometryLoss(config, model, ps, out, batch));
                        }
                        loss.getFloat();
                        clock.mark("loss");
                        t1 = System.nanoTime();
                        gc.backward(loss);
                        clock.mark("backward");
                        t2 = System.nanoTime();
                    }
                    adam.update();
                }
                clock.mark("optimizer");
                long t3 = System.nanoTime();
                if (profiled) {
                    t.profiled.addAll(stopProfile(o.profile()));
                }
                int done = i + 1;
                if (done == o.warmup() || (o.warmup() == 0 && i == 0)) {
                    t.liveWarm = root.getManagedArrays().size();
                }
                if (i >= o.warmup()) {
                    t.step.add((t3 - t0) / 1e9);
                    t.forward.add((t1 - t0) / 1e9);
                    t.backward.add((t2 - t1) / 1e9);
                    t.optimizer.add((t3 - t2) / 1e9);
                    clock.seconds().forEach((k, v) -> t.stages.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                }
                if (done % o.memoryEvery() == 0 || done == o.warmup() + o.steps()) {
                    t.memory.add(memorySample(done, root));
                }
                progress.accept(done);
            }
        }
        model.timeStages(StageClock.OFF);
    }

    /**
     * Ends the profile of one step, leaves its trace at {@code trace} (each timed step replaces the
     * one before: a profile of many steps at once slows the steps it records, several times over for
     * the sampling stage) and returns its events.
     */
    private static List<OpProfile.Event> stopProfile(Path trace) {
        JniUtils.stopProfile(trace.toString());
        try {
            return OpProfile.events(trace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the profiler trace " + trace, e);
        }
    }

    /** Resident memory, heap and live arrays after step {@code done}. */
    private static MemorySample memorySample(int done, NDManager root) {
        long rss = ProcessInfo.rssMb();
        long committed = Runtime.getRuntime().totalMemory() >> 20;
        return new MemorySample(done, rss, ProcessInfo.heapUsedMb(), committed, rss - committed, root.getManagedArrays().size());
    }

    /** Inference frames through the {@link Avatar} seam (the first one untimed: it warms up the no-grad path). */
    private static void inferenceFrames(Options o, Tri2PlaneModel model, ParameterStore ps, SplittableRandom random,
            Timings t) {
        Camera frame = Camera.synthetic(model.config().frame().frameSize());
        try (Avatar avatar = Avatar.of(model, ps.getManager(), frame, AlignedCondition.typicalFraming(),
                ExpressionWarp.stillHead(model.config().rendering()))) {
            for (int k = 0; k < o.inferenceRuns() + (o.inferenceRuns() > 0 ? 1 : 0); k++) {
                try (NDManager step = ps.getManager().newSubManager(); NDScope scope = new NDScope()) {
                    View view = inferenceView(model, random);
                    long t0 = System.nanoTime();
                    avatar.renderTensor(step, view).getFloat(0, 0, 0, 0);
                    if (k > 0) {
                        t.inference.add((System.nanoTime() - t0) / 1e9);
                    }
                }
            }
        }
    }

    private static Result result(Tri2PlaneConfig config, Options o, Timings t, long rssStart, long peak,
            CpuPeak.Result peakCompute, OpProfile ops) {
        ModelSummary summary = ModelSummary.of(config, FRAMES);
        Stats fwd = Stats.of(t.forward);
        Stats stepStats = Stats.of(t.step);
        Map<String, Double> stageMedians = new LinkedHashMap<>();
        t.stages.forEach((k, v) -> stageMedians.put(k, Stats.of(v).median()));
        List<MemorySample> memory = t.memory;
        long growth = memory.size() < 2 ? 0 : memory.get(memory.size() - 1).rssMb() - settled(memory).rssMb();
        long nativeGrowth = memory.size() < 2 ? 0
                : memory.get(memory.size() - 1).nativeMb() - settled(memory).nativeMb();
        return new Result(config.name(), o.warmup(), o.steps(), JniUtils.getNumThreads(),
                stepStats, fwd, Stats.of(t.backward), Stats.of(t.optimizer), Stats.of(t.inference), stageMedians,
                summary.forwardGflops(), summary.stepGflops(), summary.forwardGflops() / fwd.median(),
                summary.stepGflops() / stepStats.median(), rssStart, ProcessInfo.rssMb(), peak, growth, nativeGrowth,
                Runtime.getRuntime().maxMemory() >> 20, ProcessInfo.heapUsedMb(), t.liveWarm, t.liveEnd, memory, peakCompute, ops,
                ProcessInfo.mallocSettings(), Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                ai.djl.pytorch.jni.LibUtils.getVersion(), ProcessInfo.cpuModel());
    }

    /**
     * The RSS the run settled at: the sample a tenth of the way through the run (allocator pools
     * and the JVM heap grow during the first steps), against which later growth is measured.
     */
    static MemorySample settled(List<MemorySample> memory) {
        return memory.get(Math.min(memory.size() - 1, memory.size() / 10));
    }

    /** L1 of every scale's RGB and of the SR image to grey, plus 0.1·L2 of the masks to 1. */
    static NDArray syntheticLoss(TrainingForward out) {
        NDArray total = Scalars.sub(out.superResolved(), 0.5).abs().mean();
        for (RenderedImage s : out.scales()) {
            total = total.add(Scalars.sub(s.rgb(), 0.5).abs().mean())
                    .add(Scalars.mul(Scalars.sub(s.mask(), 1).square().mean(), 0.1));
        }
        return total;
    }

    /**
     * The config's geometry terms on the step's scale renders and, when it has one, its turned view:
     * what they cost is part of the step (the weights as configured; the values do not matter here).
     */
    private static NDArray geometryLoss(Tri2PlaneConfig c, Tri2PlaneModel model, ParameterStore ps, TrainingForward out,
            FrameBatch batch) {
        NDArray total = null;
        for (RenderedImage s : out.scales()) {
            NDArray g = Scalars.mul(GeometryLoss.depth(s), c.geometry().depthWeight())
                    .add(Scalars.mul(GeometryLoss.front(s, c.geometry().surfaceMargin()), c.geometry().frontWeight()))
                    .add(Scalars.mul(GeometryLoss.distortion(s), c.geometry().distortionWeight()));
            total = total == null ? g : total.add(g);
        }
        TurnedView turned = new TurnedView(c);
        if (turned.enabled()) {
            RenderedImage t = turned.render(model, ps, out, batch);
            total = total.add(Scalars.mul(GeometryLoss.depth(t), c.geometry().depthWeight()))
                    .add(Scalars.mul(GeometryLoss.front(t, c.geometry().surfaceMargin()), c.geometry().frontWeight()))
                    .add(Scalars.mul(GeometryLoss.silhouette(t), c.loss().lambdaMask()));
            if (c.geometry().emptyWeight() > 0) {
                HeadExtent head = HeadExtent.of(List.of(FaceMesh.sphere(new double[] {0, 0, 0}, 0.9, 18, 26)), 0.1);
                total = total.add(Scalars.mul(GeometryLoss.empty(t, head), c.geometry().emptyWeight()));
            }
        }
        return total;
    }

    /** A random centred view with the mean code: random condition image and β, a head turned by up to ±0.3 rad. */
    private static View inferenceView(Tri2PlaneModel model, SplittableRandom random) {
        Tri2PlaneConfig c = model.config();
        int s = c.condition().size();
        float[] cond = new float[c.condition().channels() * s * s];
        for (int j = 0; j < cond.length; j++) {
            cond[j] = (float) random.nextDouble();
        }
        double[] beta = random.doubles(c.latents().expressionDim(), -1, 1).toArray();
        return new View(Pose.yaw(random.nextDouble(-0.3, 0.3), 0, 0, 5), beta, cond, View.MEAN_GAMMA);
    }

    private static FrameBatch batch(
            Tri2PlaneModel model, ParameterStore ps, NDManager m, int b, SplittableRandom random) {
        Tri2PlaneConfig c = model.config();
        int s = c.condition().size();
        NDArray cond = m.randomUniform(0f, 1f, new Shape(b, c.condition().channels(), s, s));
        NDArray beta = m.randomNormal(new Shape(b, c.latents().expressionDim()));
        long[] rows = new long[b];
        List<Camera> cams = new ArrayList<>();
        List<Pose> poses = new ArrayList<>();
        int f = c.frame().frameSize();
        Camera frame = Camera.synthetic(f);
        SlidingWindow sw = new SlidingWindow(f, c.frame().windowSize());
        for (int i = 0; i < b; i++) {
            rows[i] = random.nextInt(model.trainingFrames());
            int[] off = sw.randomOffset(random);
            cams.add(sw.camera(frame, off[0], off[1]));
            poses.add(Pose.yaw(random.nextDouble(-0.3, 0.3), 0, 0, 5));
        }
        NDArray gamma = model.gamma(ps, m.create(rows).toType(DataType.INT64, false), true);
        ExpressionWarp still = ExpressionWarp.stillHead(c.rendering());
        NDArray warp = still == null ? null : still.fields(m, Collections.nCopies(b, new double[0]));
        if (!c.geometry().usesFace()) {
            return new FrameBatch(cond, beta, gamma, cams, poses).withFraming(AlignedCondition.typicalFraming()).withWarp(warp);
        }
        // a head-sized sphere of a tracked face's vertex count stands in for each frame's face, with jitter seeds for the turned view
        long[] seeds = new long[b];
        List<FaceMesh> faces = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            seeds[i] = random.nextLong();
            faces.add(FaceMesh.sphere(new double[] {0, 0, 0}, 0.9, 18, 26));
        }
        return new FrameBatch(cond, beta, gamma, cams, poses, seeds, AlignedCondition.typicalFraming(), faces, warp);
    }

    /** Samples the resident set size every 50 ms; the peak between steps is what matters. */
    private static final class RssSampler extends Thread {
        private volatile long peak = ProcessInfo.rssMb();

        RssSampler() {
            super("rss-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, ProcessInfo.rssMb());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peak() {
            return Math.max(peak, ProcessInfo.rssMb());
        }
    }
}
