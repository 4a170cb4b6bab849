package org.tri2plane.cli;

import ai.djl.pytorch.jni.JniUtils;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.train.bench.OpProfile;
import org.tri2plane.train.bench.StepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane bench-step}: times full training steps of a config on synthetic data. */
@Command(
        name = "bench-step",
        mixinStandardHelpOptions = true,
        description = {
            "Times full training steps (three scale renders, the SR input of trainingTiles² tiles, SR, backward, Adam)",
            "of a config on synthetic inputs, split into stages, and inference frames; samples",
            "resident memory over the run; writes a JSON report."
        })
final class BenchStepCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Config file.")
    private Path config;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed steps (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "N", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--inference-runs", defaultValue = "3", paramLabel = "N",
            description = "Timed inference frames after one warm-up frame (default: ${DEFAULT-VALUE}).")
    private int inferenceRuns;

    @Option(names = "--no-inference", description = "Skip timing inference frames.")
    private boolean noInference;

    @Option(names = "--memory-every", paramLabel = "N",
            description = "Sample resident memory every N steps (default: a twentieth of the run).")
    private Integer memoryEvery;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads (default: the engine's, one per core).")
    private Integer threads;

    @Option(names = "--peak", description = "Also measure the CPU's achieved GFLOP/s on a large matmul and 3x3 conv.")
    private boolean peak;

    @Option(names = "--profile", paramLabel = "FILE",
            description = {"Record each timed step with PyTorch's profiler, leave the last step's trace (Chrome trace JSON) here",
                "and list the operators with the most self time over all timed steps; profiling slows the steps it times."})
    private Path profile;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (default: print it).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || steps < 1 || inferenceRuns < 1) {
            throw new UsageException("--warmup must be >= 0, --steps >= 1 and --inference-runs >= 1");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be >= 1");
            }
            ai.djl.engine.Engine.getInstance(); // loads the native library the thread setting goes to
            JniUtils.setNumThreads(threads);
        }
        Tri2PlaneConfig c = new ConfigLoader().load(config);
        PrintWriter err = spec.commandLine().getErr();
        int total = warmup + steps;
        int every = memoryEvery != null ? Math.max(1, memoryEvery) : Math.max(1, total / 20);
        StepBenchmark.Options options = new StepBenchmark.Options(warmup, steps, noInference ? 0 : inferenceRuns, every, peak,
                profile == null ? null : profile.toAbsolutePath());
        long start = System.nanoTime();
        StepBenchmark.Result r = StepBenchmark.run(c, options, done -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / done * (total - done);
            err.printf(Locale.ROOT, "\rbench-step %s: step %d/%d  %.2f s/step  ETA %.0f s   ",
                    c.name(), done, total, elapsed / done, eta);
            err.flush();
        });
        err.println();
        Json.report(r, out, spec.commandLine().getOut(), err);
        err.printf(Locale.ROOT, "%s: %.3f s/step (median of %d; min %.3f, max %.3f), forward %.3f s, backward %.3f s,"
                        + " RSS peak %d MB, growth %d MB%n",
                c.name(), r.step().median(), steps, r.step().min(), r.step().max(),
                r.forward().median(), r.backward().median(), r.rssPeakMb(), r.rssGrowthMb());
        err.printf(Locale.ROOT, "stages (median s/step): %s%n", r.stageMedians());
        if (r.ops() != null) {
            err.printf(Locale.ROOT, "operators by self time (%s, %d steps, %.3f s/step in all):%n", profile,
                    r.ops().steps(), r.ops().selfSeconds() / r.ops().steps());
            for (OpProfile.Op op : r.ops().ops()) {
                err.printf(Locale.ROOT, "  %-40s %6d calls  %7.4f s/step  %5.1f %%%n", op.name(), op.calls(),
                        op.selfSeconds() / r.ops().steps(), 100 * op.share());
            }
        }
        err.flush();
        return 0;
    }
}
