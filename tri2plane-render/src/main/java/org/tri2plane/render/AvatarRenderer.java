package org.tri2plane.render;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.model.CheckpointMeta;
import org.tri2plane.core.util.WritablePath;
import org.tri2plane.core.model.ModelIO;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Sha256;
import org.tri2plane.core.util.Progress;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.render.eval.ReferenceLandmarks;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.raster.ConditionRenderer;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.tracking.transfer.ExpressionTransfer;
import org.tri2plane.tracking.transfer.SubjectTransfer;
import org.tri2plane.render.video.VideoWriter;

/**
 * {@code tri2plane render}: drives a trained avatar and writes an MP4 (H.264) and/or a PNG
 * sequence. Self mode replays the subject's own frames (by default the held-out ones); cross mode
 * maps a driver's expression changes and head motion onto the subject ({@link SubjectTransfer});
 * orbit mode turns the head by yaw (and pitch) around its canonical origin. Every frame is the SR
 * image of the centred window, rendered without gradient bookkeeping in its own scope.
 *
 * <p>γ: a training frame uses its own γ_t; every other frame (held-out, driven, canonical) uses the
 * mean of the training γ_t.
 */
public final class AvatarRenderer {

    /** One output frame: how to drive the model, plus what to show beside it. */
    record FrameSpec(int index, Pose pose, double[] beta, float[] condition, int gammaRow, Supplier<RgbImage> truth) {}

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
        if (r.truthDir() != null && r.mode() == RenderMode.ORBIT) {
            throw new RenderException("--truth-dir: novel views have no ground truth (use it with --mode self or cross)");
        }
        if (r.mp4() != null) {
            checkWritable(r.mp4(), "--out");
        }
        if (r.pngDir() != null) {
            checkWritable(r.pngDir(), "--png-dir");
        }
        if (r.truthDir() != null) {
            checkWritable(r.truthDir(), "--truth-dir");
        }
        if (r.landmarks() != null) {
            checkWritable(r.landmarks(), "--landmarks");
        }
        Path checkpoint = Checkpoint.locate(r.checkpoint());
        CheckpointMeta info = Checkpoint.meta(checkpoint);
        SubjectDirectory subject = SubjectDirectory.open(r.subject());
        if (!info.subjectSourceSha256().equals(subject.meta().source().sha256())
                || info.trainFrames() != subject.meta().trainCount()) {
            throw new RenderException(checkpoint + " was trained on another subject (" + info.subject() + ", "
                    + info.trainFrames() + " training frames), not on " + r.subject() + " ("
                    + subject.meta().trainCount() + " training frames of " + subject.meta().source().path() + ")");
        }
        long t0 = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new ModelIO().load(checkpoint, root, null);
            Tri2PlaneConfig config = model.config();
            int maxOffset = config.frame().maxWindowOffset();
            if (Math.abs(r.windowDx()) > maxOffset || Math.abs(r.windowDy()) > maxOffset) {
                throw new RenderException("--window-offset " + r.windowDx() + "," + r.windowDy() + ": the window must stay inside the "
                        + config.frame().frameSize() + " px frame the model of " + r.checkpoint() + " was trained on, so each offset"
                        + " is at most ±" + maxOffset);
            }
            if (config.latents().expressionDim() != subject.meta().expressionDim()) {
                throw new RenderException("checkpoint expects " + config.latents().expressionDim()
                        + " expression coefficients, " + r.subject() + " has " + subject.meta().expressionDim());
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
            Plan plan = plan(r, subject, config, size);
            if (plan.frames().isEmpty()) {
                throw new RenderException("no frames to render (check --frames against the subject's frame indices)");
            }
            return write(r, model, config, root, plan, size, subject, t0);
        }
    }

    /**
     * Removes what a render killed part-way left beside its outputs (unfinished temporary files
     * and folders; a PNG folder whose replacement was cut between its two renames is restored),
     * saying what it did.
     */
    private void recoverInterruptedWrites(RenderRequest r) throws IOException {
        for (Path f : new Path[] {r.mp4(), r.landmarks()}) {
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

    /** Frames to render with their frame rate and audio source. */
    record Plan(List<FrameSpec> frames, double fps, VideoWriter.Audio audio, double sourceFps) {}

    private Plan plan(RenderRequest r, SubjectDirectory subject, Tri2PlaneConfig config, int size) throws IOException {
        int s = config.condition().size();
        List<FrameParams> params = subject.params();
        Map<Integer, Integer> rows = new LinkedHashMap<>();
        for (FrameParams p : params) {
            if (p.train()) {
                rows.put(p.index(), rows.size());
            }
        }
        float[] bg = SubjectImages.background(subject);
        List<FrameSpec> out = new ArrayList<>();
        switch (r.mode()) {
            case SELF -> {
                List<FrameParams> chosen = select(params, r, !params.stream().allMatch(FrameParams::train));
                for (FrameParams p : chosen) {
                    out.add(new FrameSpec(p.index(), p.pose(), p.betaArray(), SubjectImages.condition(subject, p.index(), s),
                            rows.getOrDefault(p.index(), -1), () -> truth(subject, p.index(), config, bg, size, r)));
                }
                return new Plan(out, subject.meta().fps(), audio(subject, out), subject.meta().source().fps());
            }
            case CROSS -> {
                if (r.driver() == null) {
                    throw new RenderException("cross mode needs --driver DIR (a subject directory from tri2plane track)");
                }
                SubjectDirectory driver = SubjectDirectory.open(r.driver());
                List<ExpressionTransfer.Frame> frames;
                try {
                    frames = SubjectTransfer.transfer(driver, subject, r.driverNeutralFrame());
                } catch (IllegalArgumentException e) {
                    throw new RenderException(e.getMessage(), e);
                }
                Conditions conds = new Conditions(subject, s);
                float[] dbg = SubjectImages.background(driver);
                for (ExpressionTransfer.Frame f : frames) {
                    if (r.fromFrame() != null && (f.driverIndex() < r.fromFrame() || f.driverIndex() > r.toFrame())) {
                        continue;
                    }
                    out.add(new FrameSpec(f.driverIndex(), f.pose(), f.beta(), conds.of(f.beta()), -1,
                            () -> truth(driver, f.driverIndex(), config, dbg, size, r)));
                }
                return new Plan(out, driver.meta().fps(), audio(driver, out), driver.meta().source().fps());
            }
            case ORBIT -> {
                List<FrameParams> base;
                if (r.fromFrame() != null) {
                    base = select(params, r, false);
                } else {
                    List<FrameParams> test = params.stream().filter(p -> !p.train()).toList();
                    base = List.of(test.isEmpty() ? params.get(0) : test.get(0));
                }
                Conditions conds = r.canonical() ? new Conditions(subject, s) : null;
                Pose meanPose = Pose.mean(params.stream().filter(FrameParams::train).map(FrameParams::pose).toList());
                int views = Math.max(1, r.orbitViews());
                int n = Math.max(views, base.size());
                for (int k = 0; k < n; k++) {
                    FrameParams p = base.get(k % base.size());
                    double yaw = Math.toRadians(r.orbitYaw()) * Math.sin(2 * Math.PI * k / views);
                    double pitch = Math.toRadians(r.orbitPitch()) * Math.sin(4 * Math.PI * k / views);
                    Pose at = r.canonical() ? meanPose.facingCamera() : p.pose();
                    double[] beta = r.canonical() ? new double[subject.meta().expressionDim()] : p.betaArray();
                    float[] cond = r.canonical() ? conds.of(beta) : SubjectImages.condition(subject, p.index(), s);
                    out.add(new FrameSpec(p.index(), at.turned(yaw, pitch), beta, cond,
                            r.canonical() ? -1 : rows.getOrDefault(p.index(), -1), null));
                }
                return new Plan(out, subject.meta().fps(), null, subject.meta().source().fps());
            }
            default -> throw new IllegalStateException(r.mode().toString());
        }
    }

    private static List<FrameParams> select(List<FrameParams> params, RenderRequest r, boolean heldOutByDefault) {
        if (r.fromFrame() != null) {
            return params.stream().filter(p -> p.index() >= r.fromFrame() && p.index() <= r.toFrame()).toList();
        }
        return heldOutByDefault ? params.stream().filter(p -> !p.train()).toList() : params;
    }

    /**
     * Audio of the frames' span of the subject's source video, when it has audio and is still
     * there. The source path in subject.json is the one path read from a subject directory that
     * may point outside it (the video the user tracked): it is used only when it is a regular
     * file with the SHA-256 recorded at tracking, so a moved, edited or substituted file is
     * never muxed in.
     */
    private VideoWriter.Audio audio(SubjectDirectory s, List<FrameSpec> frames) throws IOException {
        var src = s.meta().source();
        if (!src.audio() || frames.isEmpty() || !(src.fps() > 0)) {
            return null;
        }
        Path video;
        try {
            video = Path.of(src.path());
        } catch (java.nio.file.InvalidPathException e) {
            log.accept("no audio: the source path in " + s.root().resolve(SubjectDirectory.META) + " is not a path");
            return null;
        }
        if (!Files.isRegularFile(video)) {
            log.accept("no audio: the source video " + video + " named in " + s.root().resolve(SubjectDirectory.META)
                    + " is not a file here (moved or deleted?)");
            return null;
        }
        if (!Sha256.of(video).equals(src.sha256())) {
            log.accept("no audio: " + video + " is not the video " + s.root() + " was tracked from (its SHA-256 differs from the"
                    + " one in " + SubjectDirectory.META + ")");
            return null;
        }
        double from = frames.get(0).index() / src.fps();
        double to = (frames.get(frames.size() - 1).index() + 1) / src.fps();
        return new VideoWriter.Audio(video, from, to);
    }

    /**
     * The ground truth beside a result: the request's window of the subject's frame, at the output
     * size. For a x k SR model it is cut at k x frameSize from the stored frames that have that many
     * pixels ({@code track --output-scale k}), as training cuts it, so a 1024 result is scored
     * against real 1024 pixels.
     */
    private static RgbImage truth(SubjectDirectory s, int index, Tri2PlaneConfig config, float[] bg, int size, RenderRequest r) {
        try {
            int f = config.frame().frameSize();
            int w = config.frame().windowSize();
            SlidingWindow window = new SlidingWindow(f, w);
            int k = config.superResolution().outputResolution() / w;
            // the frames training read: frames/ at scale 1, the stored scale with k·F pixels for a x k SR output
            int stored = k == 1 ? 1 : Math.max(1, s.meta().scaleWithSide(k * f));
            float[] rgb = SubjectImages.composited(s, index, stored, k * f, bg)[0];
            RgbImage img = SubjectImages.toImage(SubjectImages.window(rgb, k * f, k * w, k * window.origin(r.windowDx()),
                    k * window.origin(r.windowDy())), k * w, k * w);
            return img.width() == size ? img : ImageOps.resize(img, size, size);
        } catch (IOException e) {
            throw new RenderException("cannot read frame " + index + " of " + s.root() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the subject's stored frames hold real pixels at the model's SR output scale (else the ground truth is upsampled). */
    private static boolean realTruth(SubjectDirectory s, Tri2PlaneConfig config) {
        int side = config.superResolution().outputResolution() / config.frame().windowSize() * config.frame().frameSize();
        return s.meta().scaleWithSide(side) > 0 && s.meta().cropSpans(side);
    }

    /** Condition maps rendered for arbitrary β of a subject (cross-reenactment, canonical view). */
    static final class Conditions {
        private final ConditionRenderer renderer;
        private final PcaMorphableModel model;
        private final RgbImage texture;
        private final int size;

        Conditions(SubjectDirectory subject, int size) throws IOException {
            MorphableModelFile file = subject.morphableModel();
            this.model = PcaMorphableModel.of(file);
            double[] framing = subject.meta().conditionFraming().stream().mapToDouble(Double::doubleValue).toArray();
            this.renderer = new ConditionRenderer(file.triangles(), file.uv(), subject.meta().tracking().textureSize(), framing,
                    subject.meta().conditionSize());
            this.texture = RgbImage.read(subject.root().resolve(SubjectDirectory.TEXTURE));
            this.size = size;
        }

        float[] of(double[] beta) {
            RgbImage[] maps = renderer.render(model.shape(beta), texture);
            return SubjectImages.condition(maps[0], maps[1], size);
        }
    }

    private RenderSummary write(RenderRequest r, Tri2PlaneModel model, Tri2PlaneConfig config, NDManager root, Plan plan,
            int size, SubjectDirectory subject, long t0) throws IOException {
        boolean sbs = r.sideBySide() && plan.frames().get(0).truth() != null;
        int width = sbs ? 2 * size : size;
        FrameRenderer renderer = new FrameRenderer(model, root, subjectCamera(r, config), r.windowDx(), r.windowDy());
        LandmarkProjector projector = null;
        if (r.landmarks() != null) {
            PcaMorphableModel mm = PcaMorphableModel.of(subject.morphableModel());
            if (mm.vertexCount() != 468) {
                throw new RenderException("--landmarks: the morphable model of " + r.subject() + " has " + mm.vertexCount()
                        + " vertices; F-LMD landmarks need MediaPipe's 468 (a subject from tri2plane track)");
            }
            projector = new LandmarkProjector(mm, renderer.camera());
        }
        List<ReferenceLandmarks.Frame> expected = new ArrayList<>();
        Path pngTemp = null;
        Path truthTemp = null;
        if (r.pngDir() != null) {
            pngTemp = AtomicFiles.newTemporaryDirectory(r.pngDir());
        }
        String codec = null;
        boolean audio = false;
        VideoWriter video = null;
        try (Progress bar = new Progress("render", plan.frames().size(), "frames")) {
            if (r.truthDir() != null) {
                truthTemp = AtomicFiles.newTemporaryDirectory(r.truthDir());
            }
            video = r.mp4() == null ? null : VideoWriter.open(r.mp4(), width, size, plan.fps(), plan.audio());
            int i = 0;
            for (FrameSpec f : plan.frames()) {
                RgbImage result = renderer.render(f.condition(), f.beta(), f.gammaRow(), f.pose(), size);
                RgbImage truth = (sbs || truthTemp != null) ? f.truth().get() : null;
                RgbImage frame = sbs ? beside(truth, result) : result;
                if (video != null) {
                    video.write(frame);
                }
                String name = String.format("%06d.png", i);
                if (pngTemp != null) {
                    frame.writePng(pngTemp.resolve(name));
                }
                if (truthTemp != null) {
                    truth.writePng(truthTemp.resolve(name));
                }
                if (projector != null) {
                    expected.add(new ReferenceLandmarks.Frame(i, f.index(), projector.project(f.beta(), f.pose())));
                }
                bar.set(++i);
            }
            if (video != null) {
                video.commit();
                codec = video.codec();
                audio = video.hasAudio();
            }
            if (r.landmarks() != null) {
                ReferenceLandmarks.write(r.landmarks(), expected);
            }
            if (pngTemp != null) {
                AtomicFiles.replaceDirectory(pngTemp, r.pngDir());
                pngTemp = null;
            }
            if (truthTemp != null) {
                AtomicFiles.replaceDirectory(truthTemp, r.truthDir());
                truthTemp = null;
            }
        } finally {
            if (video != null) {
                video.close();
            }
            for (Path t : new Path[] {pngTemp, truthTemp}) {
                if (t != null) {
                    AtomicFiles.deleteRecursively(t);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new RenderSummary(plan.frames().size(), width, size, plan.fps(), codec, audio, r.mp4(), r.pngDir(),
                plan.frames().size() / seconds, seconds);
    }

    private static Camera subjectCamera(RenderRequest r, Tri2PlaneConfig config) {
        SubjectDirectory s = SubjectDirectory.open(r.subject());
        return s.meta().camera().scaled((double) config.frame().frameSize() / s.meta().frameSize());
    }

    /** Two images of the same height side by side. */
    static RgbImage beside(RgbImage a, RgbImage b) {
        int h = b.height();
        RgbImage left = a.height() == h ? a : ImageOps.resize(a, a.width() * h / a.height(), h);
        int w = left.width() + b.width();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(left.rgb(), y * left.width() * 3, out, y * w * 3, left.width() * 3);
            System.arraycopy(b.rgb(), y * b.width() * 3, out, (y * w + left.width()) * 3, b.width() * 3);
        }
        return new RgbImage(w, h, out);
    }
}
