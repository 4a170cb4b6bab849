package org.tri2plane.core.bench;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.ModelSummary;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.util.Scalars;

/**
 * Times full training steps (forward of all three scales, the 16-tile SR input and SR, backward,
 * Adam) of a config on synthetic inputs and a fixed synthetic target, and one inference frame.
 * Measures wall time per step and the process's resident memory; the model and data are
 * synthetic because the point is the cost of the step, not what it learns.
 */
public final class StepBenchmark {

    /** What one run measured. */
    public record Result(
            String config,
            int warmupSteps,
            int timedSteps,
            int threads,
            double stepMedianSeconds,
            double stepMinSeconds,
            double stepMaxSeconds,
            double forwardMedianSeconds,
            double backwardMedianSeconds,
            double inferenceFrameSeconds,
            double forwardGflops,
            double achievedGflopsForward,
            long rssStartMb,
            long rssEndMb,
            long rssPeakMb,
            int liveArraysAfterWarmup,
            int liveArraysAtEnd,
            String engine,
            String pytorch,
            String cpu) {}

    private StepBenchmark() {}

    /** Runs {@code warmup} untimed and {@code steps} timed steps; reports progress per step. */
    public static Result run(Tri2PlaneConfig config, int warmup, int steps, boolean inference, IntConsumer progress) {
        Engine.getInstance().setRandomSeed(1);
        int frames = 8;
        int w = config.frame().windowSize();
        long rssStart = rssMb();
        RssSampler sampler = new RssSampler();
        sampler.start();
        List<Double> stepTimes = new ArrayList<>();
        List<Double> fwdTimes = new ArrayList<>();
        List<Double> bwdTimes = new ArrayList<>();
        int liveWarm = -1;
        int liveEnd;
        double inferenceSeconds = Double.NaN;
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new Tri2PlaneModel(config, frames);
            model.initialize(root);
            ParameterStore ps = new ParameterStore(root, false);
            SplittableRandom random = new SplittableRandom(config.training().seed());
            try (Adam adam = new Adam(model.namedParameters(), root, config.training().learningRate(),
                    config.training().adamBeta1(), config.training().adamBeta2(), config.training().adamEpsilon())) {
                for (int i = 0; i < warmup + steps; i++) {
                    long t0 = System.nanoTime();
                    long t1;
                    long t2;
                    try (NDManager step = root.newSubManager(); NDScope scope = new NDScope()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            FrameBatch batch = batch(model, ps, step, config.training().batchSize(), random, true);
                            TrainingForward out = model.trainingForward(ps, batch, PatchLayout.random(w, random), true);
                            NDArray loss = syntheticLoss(out);
                            loss.getFloat();
                            t1 = System.nanoTime();
                            gc.backward(loss);
                            t2 = System.nanoTime();
                        }
                        adam.update();
                    }
                    long t3 = System.nanoTime();
                    if (i == warmup - 1 || (warmup == 0 && i == 0)) {
                        liveWarm = root.getManagedArrays().size();
                    }
                    if (i >= warmup) {
                        stepTimes.add((t3 - t0) / 1e9);
                        fwdTimes.add((t1 - t0) / 1e9);
                        bwdTimes.add((t2 - t1) / 1e9);
                    }
                    progress.accept(i + 1);
                }
            }
            if (inference) {
                try (NDManager step = root.newSubManager(); NDScope scope = new NDScope()) {
                    FrameBatch batch = batch(model, ps, step, 1, random, false);
                    long t0 = System.nanoTime();
                    model.renderImage(ps, batch).getFloat(0, 0, 0, 0);
                    inferenceSeconds = (System.nanoTime() - t0) / 1e9;
                }
            }
            liveEnd = root.getManagedArrays().size();
        } finally {
            sampler.interrupt();
        }
        long peak = sampler.peak();
        double gflops = ModelSummary.of(config, frames).forwardGflops();
        double fwd = median(fwdTimes);
        return new Result(config.name(), warmup, steps, JniUtils.getNumThreads(),
                median(stepTimes), min(stepTimes), max(stepTimes), fwd, median(bwdTimes), inferenceSeconds,
                gflops, gflops / fwd, rssStart, rssMb(), peak, liveWarm, liveEnd,
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                ai.djl.pytorch.jni.LibUtils.getVersion(), cpuModel());
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

    private static FrameBatch batch(
            Tri2PlaneModel model, ParameterStore ps, NDManager m, int b, SplittableRandom random, boolean training) {
        Tri2PlaneConfig c = model.config();
        int s = c.condition().size();
        NDArray cond = m.randomUniform(0f, 1f, new Shape(b, c.condition().channels(), s, s));
        NDArray beta = m.randomNormal(new Shape(b, c.latents().expressionDim()));
        long[] rows = new long[b];
        List<Camera> cams = new ArrayList<>();
        List<Pose> poses = new ArrayList<>();
        int f = c.frame().frameSize();
        Camera frame = new Camera(1.1 * f, 1.1 * f, f / 2.0, f / 2.0, f, f);
        SlidingWindow sw = new SlidingWindow(f, c.frame().windowSize());
        for (int i = 0; i < b; i++) {
            rows[i] = random.nextInt(model.trainingFrames());
            int[] off = sw.randomOffset(random);
            cams.add(sw.camera(frame, off[0], off[1]));
            poses.add(Pose.yaw(random.nextDouble(-0.3, 0.3), 0, 0, 5));
        }
        NDArray gamma = model.gamma(ps, m.create(rows).toType(DataType.INT64, false), training);
        return new FrameBatch(cond, beta, gamma, cams, poses);
    }

    /** Samples the resident set size every 50 ms; the peak between steps is what matters. */
    private static final class RssSampler extends Thread {
        private volatile long peak = rssMb();

        RssSampler() {
            super("rss-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, rssMb());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peak() {
            return Math.max(peak, rssMb());
        }
    }

    /** Resident set size of this process in MB (native memory included), or -1. */
    public static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " x" + Runtime.getRuntime().availableProcessors();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    private static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
