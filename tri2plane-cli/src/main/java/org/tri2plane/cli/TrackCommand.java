package org.tri2plane.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.tracking.TrackingPipeline;
import org.tri2plane.tracking.TrackingReport;
import org.tri2plane.tracking.assets.AssetStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane track}: a talking-head video → a training-ready subject directory. */
@Command(
        name = "track",
        mixinStandardHelpOptions = true,
        description = {
            "Tracks the face in a talking-head video and writes the subject directory that training,",
            "rendering and evaluation read: cropped frames, masks, head poses, expression coefficients,",
            "condition maps, the subject's morphable model, a report and a contact sheet.",
            "The directory appears only when complete; an interrupted run continues with --resume."
        })
final class TrackCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "Input video (MP4, MOV, MKV, WebM, ...).")
    private Path video;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Subject directory to write, e.g. subjects/franck.")
    private Path out;

    @Option(names = "--settings", paramLabel = "FILE", description = "Tracking settings (default: configs/tracking.json if present, else built-in defaults).")
    private Path settings;

    @Option(names = "--max-frames", paramLabel = "N", description = "Use at most N frames (after --fps subsampling).")
    private Integer maxFrames;

    @Option(names = "--fps", paramLabel = "F", description = "Subsample to at most F frames per second.")
    private Double fps;

    @Option(names = "--output-scale", paramLabel = "N", defaultValue = "1",
            description = "Also store every frame and mask at N x frameSize from the same crop (frames_xN/, masks_xN/):"
                    + " the ground truth of a x2 super-resolution config such as paper-1024.json needs N = 2. Refused when"
                    + " the tracked crop spans fewer than N x frameSize source pixels (default: ${DEFAULT-VALUE}, frameSize only).")
    private int outputScale;

    @Option(names = "--resume", description = "Continue an interrupted run.")
    private boolean resume;

    @Option(names = "--force", description = "Replace an existing subject directory or an interrupted run.")
    private boolean force;

    @Option(names = "--assets-dir", paramLabel = "DIR", description = "Asset cache (default: $TRI2PLANE_ASSETS or ~/.cache/tri2plane/assets).")
    private Path assetsDir;

    @Override
    public Integer call() throws Exception {
        if (maxFrames != null && maxFrames < 1) {
            throw new UsageException("--max-frames must be at least 1, was " + maxFrames);
        }
        if (fps != null && !(fps > 0)) {
            throw new UsageException("--fps must be > 0, was " + fps);
        }
        if (resume && force) {
            throw new UsageException("--resume continues an interrupted run and --force replaces it: give one of them");
        }
        if (outputScale < 1) {
            throw new UsageException("--output-scale must be at least 1, was " + outputScale);
        }
        TrackingSettings s = loadSettings(settings);
        PrintWriter out = spec.commandLine().getOut();
        AssetStore assets = AssetStore.open(assetsDir);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrackingPipeline pipeline = TrackingPipeline.withAssets(assets, manager, s.minDetectionScore(), line -> {
                out.println(line);
                out.flush();
            });
            // Ctrl-C: the frames finished so far stay in the partial folder; say how to continue
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            PrintWriter err = spec.commandLine().getErr();
            Thread hint = new Thread(() -> {
                if (!done.get()) {
                    err.println();
                    err.println("tri2plane track: interrupted; the finished work is kept in "
                            + TrackingPipeline.partialDirectory(this.out) + ": run the same command again with --resume to continue");
                    err.flush();
                }
            }, "tri2plane-track-interrupted");
            Runtime.getRuntime().addShutdownHook(hint);
            try {
                TrackingReport r = pipeline.run(new TrackingPipeline.Options(video, this.out, s, maxFrames, fps, resume, force,
                        outputScale));
                out.printf(Locale.ROOT, "wrote %s: %d frames (%d train, %d held out), %d dropped%n", this.out,
                        r.framesKept(), r.trainFrames(), r.heldOutFrames(), r.dropped().size());
                for (TrackingReport.Stage st : r.stages()) {
                    out.printf(Locale.ROOT, "  %-15s %7.1f s  %s%n", st.name(), st.seconds(), st.summary());
                }
                out.println(r.verdict());
                for (String w : r.warnings()) {
                    out.println("warning: " + w);
                }
            } finally {
                done.set(true);
                try {
                    Runtime.getRuntime().removeShutdownHook(hint);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting: the hook runs, and sees done
                }
                pipeline.models().close();
            }
        }
        out.flush();
        return 0;
    }

    static TrackingSettings loadSettings(Path file) {
        if (file != null) {
            return new ConfigLoader().load(file, TrackingSettings.class);
        }
        Path def = Path.of("configs", "tracking.json");
        return java.nio.file.Files.isRegularFile(def) ? new ConfigLoader().load(def, TrackingSettings.class) : TrackingSettings.defaults();
    }
}
