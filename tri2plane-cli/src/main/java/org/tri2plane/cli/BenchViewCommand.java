package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.render.view.ViewBenchmark;
import org.tri2plane.render.view.ViewScene;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane bench-view}: frames/s and latency of the viewer's slider renders. */
@Command(
        name = "bench-view",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a trained avatar as 'tri2plane view' does (loopback, a free port) and requests slider",
            "renders one at a time as the page does (head swept over +/-45 degrees, an expression slider",
            "moved every third request); writes a JSON report: frames/s, latency p50/p95, and the share of",
            "rendering, PNG encoding and the rest."
        })
final class BenchViewCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AvatarOptions avatarOptions;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "N", description = "Untimed requests (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--requests", defaultValue = "100", paramLabel = "N", description = "Timed requests (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (default: print it).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || requests < 1) {
            throw new UsageException("--warmup must be >= 0 and --requests >= 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        ViewBenchmark.Result r;
        try (Avatar avatar = avatarOptions.open()) {
            int total = warmup + requests;
            r = ViewBenchmark.run(new ViewScene(avatar), warmup, requests, done -> {
                err.printf(Locale.ROOT, "\rbench-view: request %d/%d   ", done, total);
                err.flush();
            });
        }
        err.println();
        Json.report(r, out, spec.commandLine().getOut(), err);
        err.printf(Locale.ROOT, "%s at %d x %d: %.1f frames/s, latency p50 %.0f ms, p95 %.0f ms (render %.0f ms, encode %.1f ms,"
                + " the rest %.1f ms)%n", r.subject(), r.size(), r.size(), r.framesPerSecond(), r.latencyP50Ms(), r.latencyP95Ms(),
                r.renderMedianMs(), r.encodeMedianMs(), r.otherMedianMs());
        err.flush();
        return 0;
    }
}
