package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.render.RenderBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane bench-render}: rendering throughput (frames/s) of a config. */
@Command(
        name = "bench-render",
        mixinStandardHelpOptions = true,
        description = {
            "Times inference frames of a config (freshly initialised weights: the work of a trained",
            "avatar, except that one with rendering.emptyOpacity > 0 skips the rays in empty space that",
            "fresh weights, dense everywhere, never leave) through the renderer used by 'tri2plane render',",
            "H.264 encoding included; writes a JSON report with frames/s and memory after the first and",
            "last frame."
        })
final class BenchRenderCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Config file.")
    private Path config;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "Untimed frames (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--frames", defaultValue = "10", paramLabel = "N", description = "Timed frames (default: ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--resolution", paramLabel = "PX", description = "Output side (default: the config's SR output).")
    private Integer resolution;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (default: print it).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || frames < 1) {
            throw new UsageException("--warmup must be >= 0 and --frames >= 1");
        }
        if (resolution != null && (resolution < 16 || resolution % 2 != 0)) {
            throw new UsageException("--resolution must be an even number of pixels >= 16, was " + resolution);
        }
        Tri2PlaneConfig c = new ConfigLoader().load(config);
        PrintWriter err = spec.commandLine().getErr();
        int total = warmup + frames;
        long start = System.nanoTime();
        RenderBenchmark.Result r = RenderBenchmark.run(c, warmup, frames, resolution, done -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "\rbench-render %s: frame %d/%d  %.2f s/frame  ETA %.0f s   ", c.name(), done, total,
                    elapsed / done, elapsed / done * (total - done));
            err.flush();
        });
        err.println();
        Json.report(r, out, spec.commandLine().getOut(), err);
        err.printf(Locale.ROOT, "%s at %d x %d: %.2f frames/s (median %.3f s/frame, encoding %.3f s), RSS %d -> %d MB%n",
                c.name(), r.outputResolution(), r.outputResolution(), r.framesPerSecond(), r.secondsPerFrameMedian(),
                r.encodeSecondsPerFrame(), r.rssAfterFirstFrameMb(), r.rssEndMb());
        err.flush();
        return 0;
    }
}
