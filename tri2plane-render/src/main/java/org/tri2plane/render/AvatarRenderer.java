package org.tri2plane.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.AvatarMismatchException;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.WritablePath;
import org.tri2plane.tracking.transfer.SubjectTransfer;

/**
 * {@code tri2plane render}: drives a trained avatar and writes an MP4 (H.264) and/or a PNG
 * sequence. Self mode replays the subject's own frames (by default the held-out ones); cross mode
 * maps a driver's expression changes and head motion onto the subject ({@link SubjectTransfer});
 * orbit mode turns the head by yaw (and pitch) around its canonical origin. Every frame is the SR
 * image of the centred (or the requested) window, rendered by the opened {@link Avatar}.
 *
 * <p>γ: a training frame uses its own γ_t; every other frame (held-out, driven, canonical) uses the
 * mean of the training γ_t.
 */
public final class AvatarRenderer {

    private final Consumer<String> log;

    public AvatarRenderer(Consumer<String> log) {
        this.log = log;
    }

    /** Largest output side render accepts (4K; the model renders at most 1024 and resizes). */
    static final int MAX_RESOLUTION = 4096;

    /**
     * Renders; returns what was written. An I/O failure (a full disk, an unwritable folder) is
     * reported with its file and cause; nothing carries a final name until it is complete, so
     * earlier results under those names are left as they were.
     */
    public RenderSummary run(RenderRequest r) throws IOException {
        try {
            return render(r);
        } catch (IOException e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new RenderException(cause + ". No output was left half-written (earlier files under the same names are"
                    + " unchanged); free some space (or fix the cause) and run the same command again", e);
        }
    }

    private RenderSummary render(RenderRequest r) throws IOException {
        checkOutputs(r);
        long t0 = System.nanoTime();
        Avatar opened;
        try {
            opened = Avatar.open(r.checkpoint(), r.subject());
        } catch (AvatarMismatchException e) {
            throw new RenderException(e.getMessage(), e);
        }
        try (Avatar avatar = opened) {
            int size = outputSize(r, avatar);
            FramePlan plan = FramePlanner.of(r.mode()).plan(new PlanInputs(r, avatar, size, log));
            if (plan.frames().isEmpty()) {
                throw new RenderException("no frames to render (check --frames against the subject's frame indices)");
            }
            return RenderWriter.write(r, avatar, plan, size, t0);
        }
    }

    /** Refuses outputs that are missing, would replace something without --force, or cannot be written; recovers interrupted ones first. */
    private void checkOutputs(RenderRequest r) throws IOException {
        if (r.mp4() == null && r.pngDir() == null) {
            throw new RenderException("nothing to write: give an MP4 path (--out) and/or a PNG folder (--png-dir)");
        }
        recoverInterruptedWrites(r);
        if (!r.force()) {
            checkEmpty(r.pngDir(), "--png-dir");
            checkEmpty(r.truthDir(), "--truth-dir");
            if (r.mp4() != null && Files.isRegularFile(r.mp4())) {
                throw new RenderException(r.mp4() + " exists; pass --force to replace it (the old video stays until the new"
                        + " one is complete) or choose another --out");
            }
        }
        if (r.truthDir() != null && r.mode() instanceof RenderMode.Orbit) {
            throw new RenderException("--truth-dir: novel views have no ground truth (use it with --mode self or cross)");
        }
        String[] options = {"--out", "--png-dir", "--truth-dir", "--landmarks", "--expected-params"};
        Path[] targets = {r.mp4(), r.pngDir(), r.truthDir(), r.landmarks(), r.expectedParams()};
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != null) {
                checkWritable(targets[i], options[i]);
            }
        }
    }

    /** The output side, once the request's window offset and resolution fit the model; says when frames are resized. */
    private int outputSize(RenderRequest r, Avatar avatar) {
        Tri2PlaneConfig config = avatar.config();
        SubjectDirectory subject = avatar.subject();
        int maxOffset = config.frame().maxWindowOffset();
        if (Math.abs(r.windowDx()) > maxOffset || Math.abs(r.windowDy()) > maxOffset) {
            throw new RenderException("--window-offset " + r.windowDx() + "," + r.windowDy() + ": the window must stay inside the "
                    + config.frame().frameSize() + " px frame the model of " + r.checkpoint() + " was trained on, so each offset"
                    + " is at most ±" + maxOffset);
        }
        int nativeSize = config.superResolution().outputResolution();
        int size = r.resolution() != null ? r.resolution() : nativeSize;
        if (size % 2 != 0 || size < 16 || size > MAX_RESOLUTION) {
            throw new RenderException("--resolution must be an even number of pixels from 16 to " + MAX_RESOLUTION + ", was " + size);
        }
        if (size != nativeSize) {
            log.accept(String.format(Locale.ROOT, "the model renders %d x %d; frames are resized to %d x %d%s",
                    nativeSize, nativeSize, size, size, size > nativeSize
                            ? " (upsampled: train with a larger config, e.g. configs/paper-1024.json, for real detail)" : ""));
        }
        int k = config.superResolution().outputResolution() / config.frame().windowSize();
        if (r.truthDir() != null && k > 1 && !realTruth(subject, config)) {
            log.accept("the ground truth in " + r.truthDir() + " is " + r.subject() + "'s " + config.frame().frameSize()
                    + " px frames upsampled to the x" + k + " output (the subject was tracked without --output-scale " + k
                    + "): scores against it cannot credit real detail");
        }
        return size;
    }

    /**
     * Removes what a render killed part-way left beside its outputs (unfinished temporary files
     * and folders; a PNG folder whose replacement was cut between its two renames is restored),
     * saying what it did.
     */
    private void recoverInterruptedWrites(RenderRequest r) throws IOException {
        for (Path f : new Path[] {r.mp4(), r.landmarks(), r.expectedParams()}) {
            if (f != null) {
                AtomicFiles.recoverFile(f).forEach(log);
            }
        }
        for (Path d : new Path[] {r.pngDir(), r.truthDir()}) {
            if (d != null) {
                AtomicFiles.recoverDirectory(d).forEach(log);
            }
        }
    }

    private static void checkEmpty(Path dir, String option) throws IOException {
        if (dir != null && Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new RenderException(dir + " exists and is not empty; pass --force to replace it or choose another " + option);
                }
            }
        }
    }

    /** Fails early when {@code target} cannot be created: it is a folder, or its nearest existing parent is not a writable folder. */
    static void checkWritable(Path target, String option) {
        Path abs = target.toAbsolutePath().normalize();
        if (option.equals("--out") && Files.isDirectory(abs)) {
            throw new RenderException("cannot write " + target + ": it is a folder; give a file name such as " + target.resolve("result.mp4"));
        }
        String problem = WritablePath.problem(abs);
        if (problem != null) {
            throw new RenderException("cannot write " + target + " (" + option + "): " + problem + "; choose another path");
        }
    }

    /** Whether the subject's stored frames hold real pixels at the model's SR output scale (else the ground truth is upsampled). */
    private static boolean realTruth(SubjectDirectory s, Tri2PlaneConfig config) {
        int side = config.superResolution().outputResolution() / config.frame().windowSize() * config.frame().frameSize();
        return s.meta().scaleWithSide(side) > 0 && s.meta().cropSpans(side);
    }

}
