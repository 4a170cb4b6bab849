package org.tri2plane.render;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.ExpressionWarp;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.AlignedCondition;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.core.util.Stats;
import org.tri2plane.render.video.VideoWriter;

/**
 * Rendering throughput of a config on this machine: a freshly initialised avatar (the weights do
 * not change the work) renders frames through {@link Avatar#render} with varying pose, expression
 * and condition, and every frame is encoded to an H.264 MP4 in a temporary folder. Reports
 * frames/s, resident memory after the first frame, every tenth of the run and the last frame, and live native arrays.
 */
public final class RenderBenchmark {

    /** What one run measured. */
    public record Result(String config, int outputResolution, int modelResolution, int warmupFrames, int frames,
            double secondsPerFrameMedian, double secondsPerFrameMin, double secondsPerFrameMax, double framesPerSecond,
            double encodeSecondsPerFrame, long rssAfterFirstFrameMb, long rssEndMb, List<Long> rssEveryTenthMb,
            int liveArraysAfterFirstFrame, int liveArraysAtEnd, int threads, String engine, String pytorch) {}

    private RenderBenchmark() {}

    /** Renders {@code warmup} untimed then {@code frames} timed frames at {@code size}² (null: the model's own). */
    public static Result run(Tri2PlaneConfig config, int warmup, int frames, Integer size, IntConsumer progress) throws IOException {
        Engine.getInstance().setRandomSeed(3);
        int nativeSize = config.superResolution().outputResolution();
        int side = size == null ? nativeSize : size;
        int s = config.condition().size();
        int k = config.latents().expressionDim();
        int f = config.frame().frameSize();
        Camera camera = Camera.synthetic(f);
        SplittableRandom random = new SplittableRandom(5);
        List<Double> times = new ArrayList<>();
        List<Long> rssSeries = new ArrayList<>();
        double encode = 0;
        long rssFirst = -1;
        int liveFirst = -1;
        int liveEnd;
        Path dir = Files.createTempDirectory("tri2plane-bench-render");
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new Tri2PlaneModel(config, 8);
            model.initialize(root);
            try (Avatar avatar = Avatar.of(model, root, camera, AlignedCondition.typicalFraming(),
                            ExpressionWarp.stillHead(config.rendering()));
                    VideoWriter video = VideoWriter.open(dir.resolve("bench.mp4"), side, side, 25, null)) {
                for (int i = 0; i < warmup + frames; i++) {
                    float[] cond = randomCondition(random, s);
                    double[] beta = random.doubles(k, -1, 1).toArray();
                    Pose pose = Pose.yaw(random.nextDouble(-0.4, 0.4), 0, 0, 5);
                    long t0 = System.nanoTime();
                    RgbImage img = avatar.render(new View(pose, beta, cond, i % 2 == 0 ? View.MEAN_GAMMA : i % 8, 0, 0, side));
                    long t1 = System.nanoTime();
                    video.write(img);
                    long t2 = System.nanoTime();
                    if (i == 0) {
                        rssFirst = ProcessInfo.rssMb();
                        liveFirst = root.getManagedArrays().size();
                    }
                    if ((i + 1 - warmup) > 0 && (i + 1 - warmup) % Math.max(1, frames / 10) == 0) {
                        rssSeries.add(ProcessInfo.rssMb());
                    }
                    if (i >= warmup) {
                        times.add((t2 - t0) / 1e9);
                        encode += (t2 - t1) / 1e9;
                    }
                    progress.accept(i + 1);
                }
                video.commit();
            }
            liveEnd = root.getManagedArrays().size();
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
        Stats perFrame = Stats.of(times);
        double total = times.stream().mapToDouble(Double::doubleValue).sum();
        return new Result(config.name(), side, nativeSize, warmup, frames, perFrame.median(), perFrame.min(), perFrame.max(), frames / total, encode / frames, rssFirst,
                ProcessInfo.rssMb(), rssSeries, liveFirst, liveEnd, JniUtils.getNumThreads(), Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion());
    }

    /** A condition input of uniform noise (6 channels, side²). */
    private static float[] randomCondition(SplittableRandom random, int side) {
        float[] cond = new float[6 * side * side];
        for (int j = 0; j < cond.length; j++) {
            cond[j] = (float) random.nextDouble();
        }
        return cond;
    }
}
