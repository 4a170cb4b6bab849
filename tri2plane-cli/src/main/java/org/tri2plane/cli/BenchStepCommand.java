package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.core.bench.StepBenchmark;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane bench-step}: times full training steps of a config on synthetic data. */
@Command(
        name = "bench-step",
        mixinStandardHelpOptions = true,
        description = {
            "Times full training steps (three scale renders, 16-tile SR input, SR, backward, Adam)",
            "of a config on synthetic inputs, and one inference frame; writes a JSON report."
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

    @Option(names = "--no-inference", description = "Skip timing one inference frame.")
    private boolean noInference;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (default: print it).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || steps < 1) {
            throw new CliException("--warmup must be >= 0 and --steps >= 1");
        }
        Tri2PlaneConfig c = new ConfigLoader().load(config);
        PrintWriter err = spec.commandLine().getErr();
        int total = warmup + steps;
        long start = System.nanoTime();
        StepBenchmark.Result r = StepBenchmark.run(c, warmup, steps, !noInference, done -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / done * (total - done);
            err.printf(Locale.ROOT, "\rbench-step %s: step %d/%d  %.2f s/step  ETA %.0f s   ",
                    c.name(), done, total, elapsed / done, eta);
            err.flush();
        });
        err.println();
        Json.report(r, out, spec.commandLine().getOut(), err);
        err.printf(Locale.ROOT, "%s: %.3f s/step (median of %d; min %.3f, max %.3f), forward %.3f s, backward %.3f s, RSS peak %d MB%n",
                c.name(), r.stepMedianSeconds(), steps, r.stepMinSeconds(), r.stepMaxSeconds(),
                r.forwardMedianSeconds(), r.backwardMedianSeconds(), r.rssPeakMb());
        err.flush();
        return 0;
    }
}
