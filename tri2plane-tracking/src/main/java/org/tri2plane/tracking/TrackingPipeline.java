package org.tri2plane.tracking;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Progress;
import org.tri2plane.core.util.Sha256;
import org.tri2plane.core.util.Stats;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.CanonicalFaceModel;
import org.tri2plane.tracking.face.FaceMeshLandmarker;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceTracker;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.fit.SubjectFitter;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.raster.ConditionRenderer;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectMeta;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoInfo;
import org.tri2plane.tracking.video.VideoReader;

/**
 * {@code tri2plane track}: video → subject directory, in five resumable stages that work in a
 * hidden {@code .NAME.partial} folder beside the output, renamed into place only when complete.
 *
 * <ol>
 *   <li>landmarks: decode (subsampled), track the face, keep its 468 3-D landmarks per frame;
 *   <li>frames: one fixed square crop for the whole video, frames and masks at frameSize² (and, with
 *       an output scale N &gt; 1, the same crops at (N · frameSize)² in {@code frames_xN/}, {@code masks_xN/});
 *   <li>fit: the subject's morphable model from the training frames, pose and β of every frame;
 *   <li>condition maps: mean UV texture from the training frames, front-view texture and normals;
 *   <li>report: reprojection errors, dropped frames, pose and expression coverage, contact sheet.
 * </ol>
 */
public final class TrackingPipeline {

    /**
     * What to track and where to write it. {@code outputScale} N &gt; 1 also stores every frame and
     * mask at N · frameSize from the same crop; refused when the crop spans fewer source pixels.
     */
    public record Options(Path video, Path out, TrackingSettings settings, Integer maxFrames, Double fps,
            boolean resume, boolean force, int outputScale) {

        public Options {
            if (outputScale < 1) {
                throw new IllegalArgumentException("the output scale must be at least 1, was " + outputScale);
            }
        }

        /** Frames at frameSize only (output scale 1). */
        public Options(Path video, Path out, TrackingSettings settings, Integer maxFrames, Double fps, boolean resume,
                boolean force) {
            this(video, out, settings, maxFrames, fps, resume, force, 1);
        }
    }

    /** Resume state kept in the partial folder (outputScale null in state files written before it: 1). */
    record State(String video, String sha256, TrackingSettings settings, Integer maxFrames, Double fps,
            Integer outputScale) {

        int scale() {
            return outputScale == null ? 1 : outputScale;
        }
    }

    /** One line of the landmark stage's log. */
    record TrackLine(int index, double seconds, double[] points, String drop) {}

    private static final int MIN_VIDEO_SIDE = 128;
    private static final double MIN_FACE_PX = 40;
    private static final ObjectMapper JSON = SubjectDirectory.json();

    private final FaceModels models;
    private final CanonicalFaceModel canonical;
    private final Consumer<String> log;

    public TrackingPipeline(FaceModels models, CanonicalFaceModel canonical, Consumer<String> log) {
        this.models = models;
        this.canonical = canonical;
        this.log = log;
    }

    /** Loads the face models and canonical face from the asset store (fetching them if needed). */
    public static TrackingPipeline withAssets(AssetStore assets, NDManager manager, double minDetectionScore,
            Consumer<String> log) throws IOException {
        FaceModels models = new FaceModels(assets::require, manager, minDetectionScore);
        return new TrackingPipeline(models, CanonicalFaceModel.read(assets.require("canonical_face_model.binarypb")), log);
    }

    public FaceModels models() {
        return models;
    }

    /**
     * Runs (or resumes) tracking; returns the report of the finished subject. An I/O failure (a
     * full disk, an unwritable folder) is reported with its file and cause and where the finished
     * work is kept for {@code --resume}.
     */
    public TrackingReport run(Options o) throws IOException {
        try {
            return track(o);
        } catch (IOException e) {
            Path partial = partialDirectory(o.out());
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new TrackingException(cause + (Files.isDirectory(partial)
                    ? ". The frames finished so far are kept in " + partial
                            + ": free some space (or fix the cause) and run the same command again with --resume"
                    : ". Nothing was written; fix the cause and run the same command again"), e);
        }
    }

    private TrackingReport track(Options o) throws IOException {
        long start = System.nanoTime();
        Path out = o.out().toAbsolutePath().normalize();
        Path partial = partialDirectory(out);
        recoverInterruptedPublish(out, partial, log);
        checkOutput(out, partial, o);
        VideoInfo info;
        try (VideoReader r = VideoReader.open(o.video())) {
            info = r.info();
        }
        String sha = Sha256.of(o.video());
        if (Math.min(info.width(), info.height()) < MIN_VIDEO_SIDE) {
            throw new TrackingException(o.video() + " is " + info.width() + "x" + info.height()
                    + ": too small to track a face (the shorter side needs at least " + MIN_VIDEO_SIDE + " px)");
        }
        checkOutputScaleFits(o, info);
        State state = new State(o.video().toString(), sha, o.settings(), o.maxFrames(), o.fps(), o.outputScale());
        prepare(partial, state, o);
        List<TrackingReport.Stage> stages = new ArrayList<>();
        TrackingSettings s = o.settings();

        long t0 = System.nanoTime();
        List<TrackLine> track = landmarks(o.video(), partial, info, o);
        int decoded = track.isEmpty() ? 0 : track.get(track.size() - 1).index() + 1;
        String endedEarly = endedEarly(o, info, track.size(), decoded);
        if (endedEarly != null) {
            log.accept("warning: " + endedEarly);
        }
        List<TrackLine> kept = track.stream().filter(l -> l.points() != null).toList();
        List<TrackingReport.Dropped> dropped = track.stream().filter(l -> l.points() == null)
                .map(l -> new TrackingReport.Dropped(l.index(), l.drop())).toList();
        stages.add(stage("landmarks", t0, String.format(Locale.ROOT, "%d of %d frames with a face", kept.size(), track.size())));
        if (kept.isEmpty()) {
            AtomicFiles.deleteRecursively(partial);
            throw new TrackingException("no face found in any of the " + track.size() + " frames of " + o.video()
                    + (dropped.isEmpty() ? "" : " (first frame: " + dropped.get(0).reason() + ")"));
        }
        int trainCount = (int) Math.floor(kept.size() * (1 - s.testFraction()));
        if (trainCount < s.minTrainFrames()) {
            AtomicFiles.deleteRecursively(partial);
            throw new TrackingException("only " + kept.size() + " frames of " + o.video() + " show a face, "
                    + trainCount + " of them for training; at least " + s.minTrainFrames()
                    + " training frames are needed (use a longer video, or a higher --fps / --max-frames)");
        }
        double faceSize = medianFaceSize(kept);
        if (faceSize < MIN_FACE_PX) {
            AtomicFiles.deleteRecursively(partial);
            throw new TrackingException(String.format(Locale.ROOT,
                    "the face in %s is only %.0f px wide; at least %.0f px are needed", o.video(), faceSize, MIN_FACE_PX));
        }

        t0 = System.nanoTime();
        double[] crop = crop(kept, info, s, faceSize);
        int hi = o.outputScale();
        if (hi > 1 && crop[2] < (double) hi * s.frameSize()) {
            AtomicFiles.deleteRecursively(partial);
            int need = hi * s.frameSize();
            throw new TrackingException(String.format(Locale.ROOT,
                    "--output-scale %d needs a crop of at least %d x %d source pixels (frameSize %d x %d), but the tracked"
                            + " crop of %s spans only %.0f x %.0f (cropScale %.2f x the %.0f px median face, at most the"
                            + " video's shorter side %d): the hi-res frames would be upsampled, not real pixels. Track"
                            + " without --output-scale, or use a video whose shorter side is at least %d px and whose face"
                            + " is at least %.0f px wide",
                    hi, need, need, s.frameSize(), hi, o.video(), crop[2], crop[2], s.cropScale(), faceSize,
                    Math.min(info.width(), info.height()), need, Math.ceil(need / s.cropScale())));
        }
        Camera camera = new Camera(s.focalFactor() * s.frameSize(), s.focalFactor() * s.frameSize(),
                s.frameSize() / 2.0, s.frameSize() / 2.0, s.frameSize(), s.frameSize());
        List<double[]> cropPoints = frames(o.video(), partial, kept, crop, s, hi);
        stages.add(stage("frames", t0, String.format(Locale.ROOT, "crop %.0f px at (%.0f, %.0f) -> %d px%s, %d frames and masks",
                crop[2], crop[0], crop[1], s.frameSize(), hi > 1 ? " and " + hi * s.frameSize() + " px" : "", kept.size())));

        t0 = System.nanoTime();
        int n = kept.size();
        int[] indices = kept.stream().mapToInt(TrackLine::index).toArray();
        boolean[] train = new boolean[n];
        for (int i = 0; i < trainCount; i++) {
            train[i] = true;
        }
        double[] canonicalShape = canonicalShape(s.canonicalScale());
        SubjectFitter.Result fit;
        try (Progress bar = new Progress("fit      ", n, "frames")) {
            fit = new SubjectFitter(camera, canonicalShape, s.expressionDim(), s.huberPx(), s.shapePrior(),
                    s.fitIterations(), s.poseSmoothingFrames()).fit(cropPoints, indices, train, bar::set);
        }
        PcaMorphableModel model = fit.model();
        writeFit(partial, model, fit.fits(), cropPoints, indices, train);
        double[] errors = fit.fits().stream().mapToDouble(FrameFitter.Fit::meanError).toArray();
        double heldOut = Stats.median(Arrays.copyOfRange(errors, trainCount, n));
        stages.add(stage("fit", t0, String.format(Locale.ROOT, "K = %d, held-out median reprojection error %.2f px",
                model.expressionCount(), heldOut)));

        t0 = System.nanoTime();
        double[] framing = conditions(partial, model, fit.fits(), indices, train, camera, s);
        stages.add(stage("condition maps", t0, String.format(Locale.ROOT, "%d x %d texture and normal maps",
                s.conditionSize(), s.conditionSize())));

        t0 = System.nanoTime();
        double fps = o.fps() != null ? Math.min(o.fps(), info.fps()) : info.fps();
        SubjectMeta meta = new SubjectMeta(SubjectMeta.FORMAT, SubjectMeta.VERSION, out.getFileName().toString(), camera,
                s.frameSize(), s.conditionSize(), fps,
                new SubjectMeta.Source(o.video().toString(), sha, info.width(), info.height(), info.fps(), info.rotation(),
                        info.hasAudio(), decoded),
                List.of(crop[0], crop[1], crop[2]), n, trainCount, model.expressionCount(),
                List.of(framing[0], framing[1], framing[2], framing[3]), s.background(), s, hi);
        TrackingReport report = report(o.video(), decoded, track.size(), kept, dropped, fit.fits(), trainCount, errors,
                stages, start, t0, endedEarly);
        ContactSheet.write(partial, kept, cropPoints, fit.fits(), model, canonical.triangles(), camera, indices, trainCount);
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.REPORT), JSON.writeValueAsString(report));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.REPORT_MD), markdown(report));
        Files.deleteIfExists(partial.resolve("state.json"));
        Files.deleteIfExists(partial.resolve("track.jsonl"));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.META), JSON.writeValueAsString(meta));
        publish(partial, out);
        log.accept("tracking: " + report.verdict());
        return report;
    }

    private static TrackingReport.Stage stage(String name, long t0, String summary) {
        return new TrackingReport.Stage(name, (System.nanoTime() - t0) / 1e9, summary);
    }

    private void checkOutput(Path out, Path partial, Options o) throws IOException {
        if (Files.exists(out.resolve(SubjectDirectory.META)) && !o.force()) {
            throw new TrackingException(out + " already holds a tracked subject; pass --force to replace it");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new TrackingException(out + " exists and is not a directory");
        }
        if (Files.isDirectory(out) && !Files.exists(out.resolve(SubjectDirectory.META)) && !o.force()) {
            try (var s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new TrackingException(out + " exists and is not empty; choose another --out or pass --force");
                }
            }
        }
        if (Files.exists(partial) && !o.resume() && !o.force()) {
            throw new TrackingException("an interrupted run left " + partial
                    + "; pass --resume to continue it or --force to start over");
        }
    }

    /** Refuses an output scale that no crop of this video could provide, before any work is done. */
    private static void checkOutputScaleFits(Options o, VideoInfo info) {
        int need = o.outputScale() * o.settings().frameSize();
        int side = Math.min(info.width(), info.height());
        if (o.outputScale() > 1 && side < need) {
            throw new TrackingException(o.video() + " is " + info.width() + "x" + info.height() + ": its square crop spans"
                    + " at most " + side + " x " + side + " source pixels, but --output-scale " + o.outputScale() + " needs "
                    + need + " x " + need + " (frameSize " + o.settings().frameSize() + " x " + o.outputScale()
                    + "): the hi-res frames would be upsampled, not real pixels. Track without --output-scale, or use a"
                    + " video whose shorter side is at least " + need + " px");
        }
    }

    private void prepare(Path partial, State state, Options o) throws IOException {
        Path stateFile = partial.resolve("state.json");
        if (Files.exists(partial) && o.force() && !o.resume()) {
            AtomicFiles.deleteRecursively(partial);
        }
        if (Files.exists(stateFile)) {
            State old = JSON.readValue(stateFile.toFile(), State.class);
            if (!old.sha256().equals(state.sha256()) || !old.settings().equals(state.settings())
                    || !java.util.Objects.equals(old.maxFrames(), state.maxFrames())
                    || !java.util.Objects.equals(old.fps(), state.fps()) || old.scale() != state.scale()) {
                throw new TrackingException("cannot resume " + partial + ": it was started with another video or other"
                        + " settings (" + old.video() + "); pass --force to start over");
            }
            log.accept("resuming the interrupted run in " + partial);
        } else {
            Files.createDirectories(partial);
            AtomicFiles.writeString(stateFile, JSON.writeValueAsString(state));
        }
    }

    /** Stage 1: landmarks of every selected frame, appended to track.jsonl (resumable). */
    private List<TrackLine> landmarks(Path video, Path partial, VideoInfo info, Options o) throws IOException {
        Path file = partial.resolve("track.jsonl");
        List<TrackLine> lines = Files.exists(file) ? readTrack(file) : new ArrayList<>();
        int done = lines.isEmpty() ? -1 : lines.get(lines.size() - 1).index();
        FaceTracker tracker = new FaceTracker(models.detector(), models.mesh(), o.settings().minMeshScore());
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).points() != null) {
                tracker.resumeFrom(new FaceMeshLandmarker.Mesh(lines.get(i).points(), 1));
                break;
            }
        }
        int keptSoFar = lines.size();
        int estimate = estimateSelected(info, o);
        long lastKeptBucket = lines.isEmpty() ? Long.MIN_VALUE : bucket(lines.get(lines.size() - 1).seconds(), o.fps());
        try (VideoReader reader = VideoReader.open(video);
                BufferedWriter w = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Progress bar = new Progress("landmarks", estimate, "frames");
                NDManager frameManager = models.manager().newSubManager()) {
            bar.resumeFrom(keptSoFar);
            DecodedFrame f;
            while ((f = reader.next()) != null) {
                if (o.maxFrames() != null && keptSoFar >= o.maxFrames()) {
                    break;
                }
                if (f.index() <= done) {
                    continue;
                }
                long b = bucket(f.seconds(), o.fps());
                if (o.fps() != null && b == lastKeptBucket) {
                    continue;
                }
                lastKeptBucket = b;
                FaceTracker.Result r;
                try (NDScope scope = new NDScope()) {
                    r = tracker.track(f.image(), frameManager);
                }
                TrackLine line = new TrackLine(f.index(), f.seconds(), r.found() ? round(r.mesh().points()) : null, r.dropReason());
                if (r.found()) {
                    // continue from the landmarks as stored, so that a resumed run is identical to a straight one
                    tracker.resumeFrom(new FaceMeshLandmarker.Mesh(line.points(), 1));
                }
                w.write(JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(line));
                w.write('\n');
                w.flush();
                lines.add(line);
                keptSoFar++;
                bar.set(keptSoFar);
            }
        }
        return lines;
    }

    /** Where a run that will write {@code out} keeps its unfinished work (what --resume continues). */
    public static Path partialDirectory(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.getParent().resolve("." + abs.getFileName() + ".partial");
    }

    /** Share of the container's announced frames below which a video that ran out is reported as cut short. */
    private static final double ENDED_EARLY_FRACTION = 0.9;

    /**
     * A warning when decoding ran out of frames (rather than stopping at --max-frames) well before
     * the frame count the container announces: a file cut short or damaged; null otherwise.
     */
    static String endedEarly(Options o, VideoInfo info, int considered, int decoded) {
        boolean limited = o.maxFrames() != null && considered >= o.maxFrames();
        int announced = info.frameCountEstimate();
        if (limited || announced <= 0 || decoded >= ENDED_EARLY_FRACTION * announced) {
            return null;
        }
        return String.format(Locale.ROOT, "%s ended after %d of the %d frames its container announces: the file may be cut"
                + " short or damaged; only the frames it holds were tracked", o.video(), decoded, announced);
    }

    private static long bucket(double seconds, Double fps) {
        return fps == null ? Long.MIN_VALUE : (long) Math.floor(seconds * fps + 1e-6);
    }

    private static int estimateSelected(VideoInfo info, Options o) {
        int n = info.frameCountEstimate();
        if (o.fps() != null && info.fps() > 0) {
            n = (int) Math.ceil(n * Math.min(1, o.fps() / info.fps()));
        }
        if (o.maxFrames() != null) {
            n = n > 0 ? Math.min(n, o.maxFrames()) : o.maxFrames();
        }
        return n;
    }

    private static List<TrackLine> readTrack(Path file) throws IOException {
        List<TrackLine> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readValue(l, TrackLine.class));
            } catch (IOException e) {
                break; // a line cut by an interruption: redo from here
            }
        }
        return out;
    }

    private static double[] round(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Math.round(p[i] * 1000) / 1000.0;
        }
        return out;
    }

    private static double medianFaceSize(List<TrackLine> kept) {
        double[] sizes = new double[kept.size()];
        for (int i = 0; i < sizes.length; i++) {
            double[] b = new FaceMeshLandmarker.Mesh(kept.get(i).points(), 1).bounds();
            sizes[i] = Math.max(b[2] - b[0], b[3] - b[1]);
        }
        return Stats.median(sizes);
    }

    /** Fixed square crop {x0, y0, side} in source pixels: around the median face, clamped into the video. */
    static double[] crop(List<TrackLine> kept, VideoInfo info, TrackingSettings s, double faceSize) {
        double[] cx = new double[kept.size()];
        double[] cy = new double[kept.size()];
        for (int i = 0; i < cx.length; i++) {
            double[] b = new FaceMeshLandmarker.Mesh(kept.get(i).points(), 1).bounds();
            cx[i] = (b[0] + b[2]) / 2;
            cy[i] = (b[1] + b[3]) / 2;
        }
        double side = Math.min(s.cropScale() * faceSize, Math.min(info.width(), info.height()));
        double x = Stats.median(cx) - side / 2;
        double y = Stats.median(cy) + s.cropCenterOffsetY() * faceSize - side / 2;
        x = Math.max(0, Math.min(info.width() - side, x));
        y = Math.max(0, Math.min(info.height() - side, y));
        return new double[] {Math.round(x), Math.round(y), Math.floor(side)};
    }

    /**
     * Stage 2: cropped frames and masks (skipping those already written), with {@code hi} &gt; 1 also at
     * hi · frameSize from the same crop (its mask sampled from the same segmentation); landmarks in
     * frame pixels.
     */
    private List<double[]> frames(Path video, Path partial, List<TrackLine> kept, double[] crop, TrackingSettings s,
            int hi) throws IOException {
        Files.createDirectories(partial.resolve("frames"));
        Files.createDirectories(partial.resolve("masks"));
        if (hi > 1) {
            Files.createDirectories(partial.resolve(SubjectDirectory.framesFolder(hi)));
            Files.createDirectories(partial.resolve(SubjectDirectory.masksFolder(hi)));
        }
        int size = s.frameSize();
        double scale = size / crop[2];
        Affine2 toSource = new Affine2(1 / scale, 0, crop[0], 0, 1 / scale, crop[1]);
        Affine2 hiToSource = hiResToSource(crop, size, hi);
        List<double[]> points = new ArrayList<>();
        for (TrackLine l : kept) {
            double[] p = l.points().clone();
            for (int i = 0; i < p.length / 3; i++) {
                p[3 * i] = (p[3 * i] - crop[0]) * scale;
                p[3 * i + 1] = (p[3 * i + 1] - crop[1]) * scale;
                p[3 * i + 2] = p[3 * i + 2] * scale;
            }
            points.add(p);
        }
        int k = 0;
        try (VideoReader reader = VideoReader.open(video);
                Progress bar = new Progress("frames   ", kept.size(), "frames");
                NDManager frameManager = models.manager().newSubManager()) {
            DecodedFrame f;
            while (k < kept.size() && (f = reader.next()) != null) {
                if (f.index() != kept.get(k).index()) {
                    continue;
                }
                String name = SubjectDirectory.fileName(f.index());
                Path framePath = partial.resolve("frames").resolve(name);
                Path maskPath = partial.resolve("masks").resolve(name);
                Path hiFramePath = partial.resolve(SubjectDirectory.framesFolder(hi)).resolve(name);
                Path hiMaskPath = partial.resolve(SubjectDirectory.masksFolder(hi)).resolve(name);
                boolean hiDone = hi == 1 || (Files.exists(hiFramePath) && Files.exists(hiMaskPath));
                if (!Files.exists(framePath) || !Files.exists(maskPath) || !hiDone) {
                    RgbImage img = ImageOps.warpImage(f.image(), toSource, size, size, 0);
                    float[][] masks;
                    try (NDScope scope = new NDScope()) {
                        masks = models.selfie().masks(img, frameManager, hi == 1 ? new int[] {size} : new int[] {size, hi * size});
                    }
                    AtomicFiles.writeFile(framePath, img::writePng);
                    AtomicFiles.writeFile(maskPath, tmp -> writeGray(masks[0], size, size, tmp));
                    if (hi > 1) {
                        int big = hi * size;
                        RgbImage hiImg = ImageOps.warpImage(f.image(), hiToSource, big, big, 0);
                        AtomicFiles.writeFile(hiFramePath, hiImg::writePng);
                        AtomicFiles.writeFile(hiMaskPath, tmp -> writeGray(masks[1], big, big, tmp));
                    }
                }
                k++;
                bar.set(k);
            }
        }
        if (k != kept.size()) {
            throw new TrackingException(video + " ended before frame " + kept.get(k).index() + " on the second pass");
        }
        return points;
    }

    /**
     * The map from pixels of the (hi · size)² hi-res frame to source pixels: the same crop as the
     * size² frame, so hi x hi blocks of the hi-res frame cover exactly one frame pixel.
     */
    static Affine2 hiResToSource(double[] crop, int size, int hi) {
        double perPixel = crop[2] / ((double) hi * size);
        return new Affine2(perPixel, 0, crop[0], 0, perPixel, crop[1]);
    }

    static void writeGray(float[] values, int w, int h, Path file) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] * 255)));
        }
        RgbImage.writePng(img, file);
    }

    private double[] canonicalShape(double scale) {
        double[] v = canonical.vertices().clone();
        for (int i = 0; i < v.length / 3; i++) {
            v[3 * i] *= scale;
            v[3 * i + 1] *= -scale;
            v[3 * i + 2] *= -scale;
        }
        return v;
    }

    /** Stage 3 output: params.jsonl, landmarks.jsonl, morphable_model.json. */
    private void writeFit(Path partial, PcaMorphableModel model, List<FrameFitter.Fit> fits, List<double[]> points,
            int[] indices, boolean[] train) throws IOException {
        List<FrameParams> params = new ArrayList<>();
        List<SubjectDirectory.LandmarkLine> lms = new ArrayList<>();
        for (int i = 0; i < fits.size(); i++) {
            FrameFitter.Fit f = fits.get(i);
            params.add(FrameParams.of(indices[i], f.pose(), f.beta(), f.meanError(), train[i]));
            double[] uv = SubjectFitter.pixels(points.get(i));
            for (int j = 0; j < uv.length; j++) {
                uv[j] = Math.round(uv[j] * 100) / 100.0;
            }
            lms.add(new SubjectDirectory.LandmarkLine(indices[i], uv));
        }
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.PARAMS), SubjectDirectory.toLines(params));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.LANDMARKS), SubjectDirectory.toLines(lms));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.MODEL), JSON.writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(model.toFile(canonical.triangles(), canonical.uv())));
    }

    /** Stage 4: mean texture from the training frames, then both condition maps of every frame. */
    private double[] conditions(Path partial, PcaMorphableModel model, List<FrameFitter.Fit> fits, int[] indices,
            boolean[] train, Camera camera, TrackingSettings s) throws IOException {
        double[] framing = ConditionRenderer.framing(model.meanShape(), s.conditionMargin());
        ConditionRenderer renderer = new ConditionRenderer(canonical.triangles(), canonical.uv(), s.textureSize(), framing,
                s.conditionSize());
        Path texFile = partial.resolve(SubjectDirectory.TEXTURE);
        RgbImage texture;
        if (Files.exists(texFile)) {
            texture = RgbImage.read(texFile);
        } else {
            int trainCount = 0;
            for (boolean t : train) {
                trainCount += t ? 1 : 0;
            }
            try (Progress bar = new Progress("texture  ", trainCount, "frames")) {
                int k = 0;
                for (int i = 0; i < fits.size(); i++) {
                    if (!train[i]) {
                        continue;
                    }
                    RgbImage frame = RgbImage.read(partial.resolve("frames").resolve(SubjectDirectory.fileName(indices[i])));
                    renderer.accumulate(frame, camera, fits.get(i).pose(), model.shape(fits.get(i).beta()));
                    bar.set(++k);
                }
            }
            texture = renderer.meanTexture();
            AtomicFiles.writeFile(texFile, texture::writePng);
        }
        Path texDir = partial.resolve("cond").resolve("tex");
        Path nrmDir = partial.resolve("cond").resolve("normal");
        Files.createDirectories(texDir);
        Files.createDirectories(nrmDir);
        try (Progress bar = new Progress("condition", fits.size(), "frames")) {
            for (int i = 0; i < fits.size(); i++) {
                String name = SubjectDirectory.fileName(indices[i]);
                if (!Files.exists(texDir.resolve(name)) || !Files.exists(nrmDir.resolve(name))) {
                    RgbImage[] maps = renderer.render(model.shape(fits.get(i).beta()), texture);
                    AtomicFiles.writeFile(texDir.resolve(name), maps[0]::writePng);
                    AtomicFiles.writeFile(nrmDir.resolve(name), maps[1]::writePng);
                }
                bar.set(i + 1);
            }
        }
        return framing;
    }

    private TrackingReport report(Path video, int decoded, int considered, List<TrackLine> kept,
            List<TrackingReport.Dropped> dropped, List<FrameFitter.Fit> fits, int trainCount, double[] errors,
            List<TrackingReport.Stage> stages, long start, long t0, String endedEarly) {
        int n = kept.size();
        double[] test = Arrays.copyOfRange(errors, trainCount, n);
        double[] trainErr = Arrays.copyOfRange(errors, 0, trainCount);
        double[] yaw = new double[n];
        double[] pitch = new double[n];
        double[] r0 = mean(fits);
        for (int i = 0; i < n; i++) {
            double[] rel = Rotation.mul(fits.get(i).pose().rotation(),
                    Rotation.transpose(r0));
            double[] w = Rotation.log(rel);
            yaw[i] = Math.toDegrees(w[1]);
            pitch[i] = Math.toDegrees(w[0]);
        }
        double varTrain = variance(fits.subList(0, trainCount));
        double varTest = variance(fits.subList(trainCount, n));
        List<String> warnings = new ArrayList<>();
        if (endedEarly != null) {
            warnings.add(endedEarly);
        }
        double yawRange = max(yaw) - min(yaw);
        double pitchRange = max(pitch) - min(pitch);
        if (yawRange < 15) {
            warnings.add(String.format(Locale.ROOT, "the head turns only %.0f° left to right; novel views far beyond that range"
                    + " will be poor", yawRange));
        }
        if (pitchRange < 8) {
            warnings.add(String.format(Locale.ROOT, "the head tilts only %.0f° up and down", pitchRange));
        }
        if (varTest > 2 * Math.max(varTrain, 1e-12)) {
            warnings.add("the held-out frames show much more expression than the training frames");
        }
        if (!dropped.isEmpty()) {
            warnings.add(dropped.size() + " frames without a face were dropped (listed in 'dropped')");
        }
        double total = (System.nanoTime() - start) / 1e9;
        stages = new ArrayList<>(stages);
        stages.add(stage("report", t0, "report.json, report.md, contact_sheet.png"));
        double trackSeconds = stages.get(0).seconds();
        return new TrackingReport(video.toString(), decoded, considered, n, trainCount, n - trainCount, dropped,
                Stats.median(trainErr), Stats.median(test), Stats.percentile(test, 0.9), max(test),
                min(yaw), max(yaw), min(pitch), max(pitch), varTrain, varTest, warnings,
                considered / Math.max(1e-9, trackSeconds), total, stages);
    }

    private static double[] mean(List<FrameFitter.Fit> fits) {
        List<Pose> poses = fits.stream().map(FrameFitter.Fit::pose).toList();
        return Pose.mean(poses).rotation();
    }

    /** Mean over coefficients of the per-coefficient variance of β. */
    private static double variance(List<FrameFitter.Fit> fits) {
        if (fits.size() < 2) {
            return 0;
        }
        int k = fits.get(0).beta().length;
        double total = 0;
        for (int c = 0; c < k; c++) {
            double m = 0;
            for (FrameFitter.Fit f : fits) {
                m += f.beta()[c] / fits.size();
            }
            double v = 0;
            for (FrameFitter.Fit f : fits) {
                v += Math.pow(f.beta()[c] - m, 2) / (fits.size() - 1);
            }
            total += v;
        }
        return total / k;
    }

    static String markdown(TrackingReport r) {
        StringBuilder sb = new StringBuilder("# Tracking report\n\n");
        sb.append("Video: `").append(r.video()).append("`\n\n");
        sb.append("**Result:** ").append(r.verdict()).append(".\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| frames considered | %d (decoded %d) |%n", r.framesConsidered(), r.framesDecoded()));
        sb.append(String.format(Locale.ROOT, "| frames kept | %d (train %d, held out %d) |%n", r.framesKept(), r.trainFrames(), r.heldOutFrames()));
        sb.append(String.format(Locale.ROOT, "| frames dropped | %d |%n", r.dropped().size()));
        sb.append(String.format(Locale.ROOT, "| reprojection error, train (median of per-frame means) | %.2f px |%n", r.trainMedianErrorPx()));
        sb.append(String.format(Locale.ROOT, "| reprojection error, held out (median / 90th pct / max) | %.2f / %.2f / %.2f px |%n",
                r.heldOutMedianErrorPx(), r.heldOutP90ErrorPx(), r.heldOutMaxErrorPx()));
        sb.append(String.format(Locale.ROOT, "| yaw range | %.1f° to %.1f° |%n", r.yawMinDeg(), r.yawMaxDeg()));
        sb.append(String.format(Locale.ROOT, "| pitch range | %.1f° to %.1f° |%n", r.pitchMinDeg(), r.pitchMaxDeg()));
        sb.append(String.format(Locale.ROOT, "| expression variance (train / held out) | %.4g / %.4g |%n",
                r.expressionVarianceTrain(), r.expressionVarianceHeldOut()));
        sb.append(String.format(Locale.ROOT, "| tracking speed | %.1f frames/s |%n", r.trackingFps()));
        sb.append(String.format(Locale.ROOT, "| total time | %.1f s |%n%n", r.seconds()));
        sb.append("## Stages\n\n| stage | seconds | |\n|---|---|---|\n");
        for (TrackingReport.Stage s : r.stages()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %s |%n", s.name(), s.seconds(), s.summary()));
        }
        if (!r.warnings().isEmpty()) {
            sb.append("\n## Warnings\n\n");
            for (String w : r.warnings()) {
                sb.append("- ").append(w).append('\n');
            }
        }
        if (!r.dropped().isEmpty()) {
            sb.append("\n## Dropped frames\n\n");
            for (TrackingReport.Dropped d : r.dropped().subList(0, Math.min(50, r.dropped().size()))) {
                sb.append("- ").append(d.index()).append(": ").append(d.reason()).append('\n');
            }
            if (r.dropped().size() > 50) {
                sb.append("- … (").append(r.dropped().size() - 50).append(" more in report.json)\n");
            }
        }
        sb.append("\n![contact sheet](contact_sheet.png)\n");
        return sb.toString();
    }

    /** Moves the finished partial folder to its final name (replacing an old subject under --force). */
    private static void publish(Path partial, Path out) throws IOException {
        AtomicFiles.replaceDirectory(partial, out);
    }

    /**
     * A run killed after it finished the subject but before both renames of {@link #publish} were
     * done leaves the complete subject in the partial folder ({@code subject.json} is its last
     * file) and possibly the previous subject moved aside: the publish is finished now, as that
     * run was entitled to do. Stale temporary siblings of the output are deleted.
     */
    static void recoverInterruptedPublish(Path out, Path partial, Consumer<String> log) throws IOException {
        if (Files.isRegularFile(partial.resolve(SubjectDirectory.META))) {
            publish(partial, out);
            log.accept("finished publishing " + out + ": an interrupted run had completed it in " + partial);
        }
        AtomicFiles.recoverDirectory(out).forEach(log);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
