package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.render.AvatarRenderer;
import org.tri2plane.render.RenderMode;
import org.tri2plane.render.RenderRequest;
import org.tri2plane.render.RenderSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane render}: self-/cross-reenactment and novel-view videos of a trained avatar. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Renders a trained avatar to an H.264 MP4 and/or a PNG sequence.",
            "  self   the subject's own frames (default: the held-out ones), with the source audio",
            "  cross  a driver's expression changes and head motion (--driver), with the driver's audio",
            "  orbit  novel views sweeping yaw (and pitch) for one frame or a frame range",
            "Training frames use their own gamma (--gamma mean: the mean one); every other frame uses the mean training gamma."
        })
final class RenderCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Training run (or its checkpoint/ folder).")
    private Path checkpoint;

    @Option(names = "--subject", required = true, paramLabel = "DIR", description = "The subject the avatar was trained on.")
    private Path subject;

    @Option(names = "--mode", defaultValue = "self", paramLabel = "MODE", description = "self, cross or orbit (default: ${DEFAULT-VALUE}).")
    private String mode;

    @Option(names = "--out", paramLabel = "FILE", description = "MP4 to write.")
    private Path out;

    @Option(names = "--png-dir", paramLabel = "DIR", description = "Also (or instead) write a PNG sequence into this new folder.")
    private Path pngDir;

    @Option(names = "--truth-dir", paramLabel = "DIR",
            description = "Also write the aligned ground truth (self: the subject's frames; cross: the driver's) as PNGs, for tri2plane eval.")
    private Path truthDir;

    @Option(names = "--expected-params", paramLabel = "FILE",
            description = "Also write the pose and expression coefficients every frame is rendered from (for eval --gt-params: AED/APD).")
    private Path expectedParams;

    @Option(names = "--landmarks", paramLabel = "FILE",
            description = "Also write the expected 68 F-LMD landmarks of every frame (JSON lines, 512² pixels), for tri2plane eval --gt-landmarks.")
    private Path landmarks;

    @Option(names = "--driver", paramLabel = "DIR", description = "Tracked driver subject (cross mode).")
    private Path driver;

    @Option(names = "--driver-neutral-frame", paramLabel = "N",
            description = "Driver frame taken as neutral in cross mode (default: the least expressive frame).")
    private Integer driverNeutral;

    @Option(names = "--frames", paramLabel = "A:B",
            description = "Frame indices A to B inclusive, or 'all' (self/orbit: the subject's; cross: the driver's).")
    private String frames;

    @Option(names = "--gamma", defaultValue = "own", paramLabel = "own|mean",
            description = "Per-frame code of training frames: own (their own gamma_t, default) or mean (the mean gamma, as in"
                    + " cross-reenactment: what a frame shows then comes from its tracked expression and pose alone).")
    private String gamma;

    @Option(names = "--resolution", paramLabel = "PX", description = "Output side in pixels, e.g. 512 or 1024 (default: the model's).")
    private Integer resolution;

    @Option(names = "--side-by-side", description = "Show ground truth (self) or the driver (cross) left of the result.")
    private boolean sideBySide;

    @Option(names = "--yaw", defaultValue = "40", paramLabel = "DEG", description = "Orbit yaw amplitude (default: ±${DEFAULT-VALUE}°).")
    private double yaw;

    @Option(names = "--pitch", defaultValue = "0", paramLabel = "DEG", description = "Orbit pitch amplitude (default: ${DEFAULT-VALUE}°).")
    private double pitch;

    @Option(names = "--views", defaultValue = "48", paramLabel = "N", description = "Frames in one orbit (default: ${DEFAULT-VALUE}).")
    private int views;

    @Option(names = "--canonical", description = "Orbit: render the canonical appearance (neutral expression, mean gamma, mean head pose).")
    private boolean canonical;

    @Option(names = "--force", description = "Replace an existing --out video or non-empty --png-dir / --truth-dir"
            + " (each once its replacement is complete).")
    private boolean force;

    @Option(names = "--window-offset", paramLabel = "DX,DY",
            description = "Render the window at this offset from the frame's centre, in pixels at the model's frame size"
                    + " (the sliding window: the head moves off-centre; --truth-dir crops the same window). Default: 0,0.")
    private String windowOffset;

    @Override
    public Integer call() throws Exception {
        RenderMode m = mode();
        if (m == null) {
            throw new UsageException("--mode must be self, cross or orbit, was '" + mode + "'");
        }
        if (out == null && pngDir == null) {
            throw new UsageException("give --out FILE.mp4 and/or --png-dir DIR");
        }
        if (truthDir != null && m instanceof RenderMode.Orbit) {
            throw new UsageException("--truth-dir: novel views have no ground truth (use it with --mode self or cross)");
        }
        if (m instanceof RenderMode.Cross && driver == null) {
            throw new UsageException("--mode cross needs --driver DIR (a subject directory from tri2plane track)");
        }
        if (!(m instanceof RenderMode.Cross) && (driver != null || driverNeutral != null)) {
            throw new UsageException("--driver and --driver-neutral-frame only apply to --mode cross");
        }
        if (canonical && !(m instanceof RenderMode.Orbit)) {
            throw new UsageException("--canonical only applies to --mode orbit");
        }
        if (!"own".equals(gamma) && !"mean".equals(gamma)) {
            throw new UsageException("--gamma must be own or mean, was '" + gamma + "'");
        }
        int[] range = frameRange();
        int[] offset = windowOffset == null ? new int[] {0, 0}
                : pair(windowOffset, ",", "--window-offset must be DX,DY (two whole numbers of pixels)");
        int dx = offset[0];
        int dy = offset[1];
        PrintWriter w = spec.commandLine().getOut();
        AvatarRenderer renderer = new AvatarRenderer(line -> {
            w.println(line);
            w.flush();
        });
        RenderSummary s = renderer.run(RenderRequest.builder(checkpoint, subject).mode(m).mp4(out).pngDir(pngDir)
                .frames(range == null ? null : range[0], range == null ? null : range[1])
                .resolution(resolution).sideBySide(sideBySide).truthDir(truthDir).landmarks(landmarks)
                .windowOffset(dx, dy).force(force).expectedParams(expectedParams).meanGamma("mean".equals(gamma)).build());
        w.printf(Locale.ROOT, "rendered %d frames of %d x %d at %.2f fps (%.2f frames/s, %.1f s)%s%s%n", s.frames(), s.width(),
                s.height(), s.fps(), s.framesPerSecond(), s.seconds(),
                s.mp4() == null ? "" : "; " + s.mp4() + " (" + s.codec() + (s.audio() ? ", with audio" : "") + ")",
                s.pngDir() == null ? "" : "; PNGs in " + s.pngDir());
        String[] what = {"ground truth", "expected landmarks", "expected parameters"};
        Path[] where = {truthDir, landmarks, expectedParams};
        for (int i = 0; i < what.length; i++) {
            if (where[i] != null) {
                w.println(what[i] + " in " + where[i]);
            }
        }
        w.flush();
        return 0;
    }

    /** The --frames range {from, to} (all: 0 to the largest index), null without (exit 2 for a bad one). */
    private int[] frameRange() {
        if (frames == null) {
            return null;
        }
        if (frames.trim().equalsIgnoreCase("all")) {
            return new int[] {0, Integer.MAX_VALUE};
        }
        int[] p = pair(frames, ":", "--frames must be A:B (two frame indices) or all");
        if (p[0] < 0 || p[1] < p[0]) {
            throw new UsageException("--frames A:B needs 0 <= A <= B, was " + frames);
        }
        return p;
    }

    /** The mode asked for, once --views is valid (exit 2 otherwise). */
    private RenderMode mode() {
        if (views < 1) {
            throw new UsageException("--views must be at least 1, was " + views);
        }
        return RenderMode.of(mode, driver, driverNeutral, yaw, pitch, views, canonical);
    }

    /** Two integers separated by {@code separator}; {@code usage} opens the message of anything else. */
    private static int[] pair(String value, String separator, String usage) {
        String[] p = value.split(java.util.regex.Pattern.quote(separator), -1);
        try {
            if (p.length != 2) {
                throw new NumberFormatException();
            }
            return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
        } catch (NumberFormatException e) {
            throw new UsageException(usage + ", was '" + value + "'");
        }
    }
}
