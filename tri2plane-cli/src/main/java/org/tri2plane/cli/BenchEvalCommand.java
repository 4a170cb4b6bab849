package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.eval.EvalBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane bench-eval}: metric throughput at 512² on real frames. */
@Command(
        name = "bench-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Times the evaluation metrics at 512 x 512 on the first frames of a video (against the same",
            "frames shifted by 4 px): image metrics, LPIPS (with --lpips-weights) and F-LMD; JSON report."
        })
final class BenchEvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "A video with a face, e.g. the sample franck.mp4.")
    private Path video;

    @Option(names = "--frames", defaultValue = "20", paramLabel = "N", description = "Frames to time (default: ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--lpips-weights", paramLabel = "FILE", description = "Also time LPIPS with these weights.")
    private Path lpipsWeights;

    @Option(names = "--assets-dir", paramLabel = "DIR", description = "Asset cache for the face models.")
    private Path assetsDir;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (default: print it).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (frames < 2) {
            throw new UsageException("--frames must be at least 2 (the first one warms up), was " + frames);
        }
        PrintWriter err = spec.commandLine().getErr();
        EvalBenchmark.Result r = EvalBenchmark.run(video, frames, lpipsWeights, assetsDir, done -> {
            err.printf(Locale.ROOT, "\rbench-eval: frame %d/%d   ", done, frames);
            err.flush();
        });
        err.println();
        Json.report(r, out, spec.commandLine().getOut(), err);
        err.printf(Locale.ROOT, "512 x 512: image metrics %.3f s, F-LMD %.3f s%s per frame: %.2f frames/s%n", r.imageMetricsSeconds(),
                r.flmdSeconds(), r.lpipsSeconds() == null ? "" : String.format(Locale.ROOT, ", LPIPS %.3f s", r.lpipsSeconds()),
                r.framesPerSecond());
        err.flush();
        return 0;
    }
}
