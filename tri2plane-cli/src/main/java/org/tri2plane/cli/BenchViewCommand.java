package org.tri2plane.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.render.view.LiveDrive;
import org.tri2plane.render.view.ViewBenchmark;
import org.tri2plane.render.view.ViewScene;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;
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
            "rendering, PNG encoding and the rest. With --live-video, live drive instead (camera pictures",
            "posted one at a time, tracked and followed)."
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

    @Option(names = "--live-video", paramLabel = "FILE",
            description = {"Measure live drive instead: post every fourth frame of this video (up to 60, cycled) as camera",
                "pictures, the first one five times as the neutral reference (the face models come from the asset cache)."})
    private Path liveVideo;

    @Mixin
    private LiveOptions liveOptions;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (default: print it).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || requests < 1) {
            throw new UsageException("--warmup must be >= 0 and --requests >= 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        ViewBenchmark.Result r;
        IntConsumer bar = done -> {
            err.printf(Locale.ROOT, "\rbench-view: request %d/%d   ", done, warmup + requests
                    + (liveVideo != null ? LiveDrive.NEUTRAL_FRAMES : 0));
            err.flush();
        };
        try (Avatar avatar = avatarOptions.open(); NDManager faces = NDManager.newBaseManager()) {
            ViewScene scene = new ViewScene(avatar);
            if (liveVideo == null) {
                r = ViewBenchmark.run(scene, warmup, requests, bar);
            } else {
                List<RgbImage> pictures = new ArrayList<>();
                try (VideoReader v = VideoReader.open(liveVideo)) {
                    DecodedFrame f;
                    for (int i = 0; pictures.size() < 60 && (f = v.next()) != null; i++) {
                        if (i % 4 == 0) {
                            pictures.add(f.image());
                        }
                    }
                }
                LiveDrive live = liveOptions.open(scene, avatar, faces);
                r = ViewBenchmark.runLive(scene, live, pictures, warmup, requests, bar);
            }
        }
        err.println();
        Json.report(r, out, spec.commandLine().getOut(), err);
        err.printf(Locale.ROOT, "%s, %s at %d x %d: %.1f frames/s, latency p50 %.0f ms, p95 %.0f ms (tracking %.0f ms,"
                + " render %.0f ms, encode %.1f ms, the rest %.1f ms)%n", r.mode(), r.subject(), r.size(), r.size(),
                r.framesPerSecond(), r.latencyP50Ms(), r.latencyP95Ms(), r.trackMedianMs(), r.renderMedianMs(), r.encodeMedianMs(),
                r.otherMedianMs());
        err.flush();
        return 0;
    }
}
