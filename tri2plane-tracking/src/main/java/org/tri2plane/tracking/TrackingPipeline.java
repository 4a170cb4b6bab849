package org.tri2plane.tracking;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectMeta;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.Sha256;
import org.tri2plane.core.util.Stats;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.CanonicalFaceModel;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.fit.SubjectFitter;
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
        VideoInfo info = inspect(o);
        String sha = Sha256.of(o.video());
        prepare(partial, new State(o.video().toString(), sha, o.settings(), o.maxFrames(), o.fps(), o.outputScale()), o);
        List<TrackingReport.Stage> stages = new ArrayList<>();
        Landmarks lm = landmarks(o, partial, info, stages);
        TrackingSettings s = o.settings();

        long t0 = System.nanoTime();
        double[] crop = FrameStage.crop(lm.kept(), info, s, lm.faceSize());
        checkCropFitsOutputScale(o, info, partial, crop, lm.faceSize());
        Camera camera = new Camera(s.focalFactor() * s.frameSize(), s.focalFactor() * s.frameSize(),
                s.frameSize() / 2.0, s.frameSize() / 2.0, s.frameSize(), s.frameSize());
        int hi = o.outputScale();
        List<double[]> cropPoints = FrameStage.run(models, o.video(), partial, lm.kept(), crop, s, hi);
        stages.add(ReportStage.stage("frames", t0, String.format(Locale.ROOT,
                "crop %.0f px at (%.0f, %.0f) -> %d px%s, %d frames and masks", crop[2], crop[0], crop[1], s.frameSize(),
                hi > 1 ? " and " + hi * s.frameSize() + " px" : "", lm.kept().size())));

        t0 = System.nanoTime();
        int n = lm.kept().size();
        int[] indices = lm.kept().stream().mapToInt(TrackLine::index).toArray();
        boolean[] train = new boolean[n];
        Arrays.fill(train, 0, lm.trainCount(), true);
        SubjectFitter.Result fit = FitStage.run(canonical, partial, camera, cropPoints, indices, train, s);
        PcaMorphableModel model = fit.model();
        double[] errors = fit.fits().stream().mapToDouble(FrameFitter.Fit::meanError).toArray();
        stages.add(ReportStage.stage("fit", t0, String.format(Locale.ROOT, "K = %d, held-out median reprojection error %.2f px",
                model.expressionCount(), Stats.median(Arrays.copyOfRange(errors, lm.trainCount(), n)))));

        t0 = System.nanoTime();
        double[] framing = ConditionStage.run(canonical, partial, model, fit.fits(), indices, train, camera, s);
        stages.add(ReportStage.stage("condition maps", t0, String.format(Locale.ROOT, "%d x %d texture and normal maps",
                s.conditionSize(), s.conditionSize())));

        t0 = System.nanoTime();
        double fps = o.fps() != null ? Math.min(o.fps(), info.fps()) : info.fps();
        SubjectMeta meta = new SubjectMeta(SubjectMeta.FORMAT, SubjectMeta.VERSION, out.getFileName().toString(), camera,
                s.frameSize(), s.conditionSize(), fps,
                new SubjectMeta.Source(o.video().toString(), sha, info.width(), info.height(), info.fps(), info.rotation(),
                        info.hasAudio(), lm.decoded()),
                List.of(crop[0], crop[1], crop[2]), n, lm.trainCount(), model.expressionCount(),
                List.of(framing[0], framing[1], framing[2], framing[3]), s.background(), s, hi);
        TrackingReport report = ReportStage.of(o.video(), lm.decoded(), lm.track().size(), lm.kept(), lm.dropped(), fit.fits(),
                lm.trainCount(), errors, stages, start, t0, lm.endedEarly());
        ContactSheet.write(partial, lm.kept(), cropPoints, fit.fits(), model, canonical.triangles(), camera, indices,
                lm.trainCount());
        finish(partial, out, report, meta);
        log.accept("tracking: " + report.verdict());
        return report;
    }

    /** What the landmark stage found: every frame considered, those with a face, and the split and face size they give. */
    private record Landmarks(List<TrackLine> track, List<TrackLine> kept, List<TrackingReport.Dropped> dropped, int decoded,
            String endedEarly, int trainCount, double faceSize) {}

    /** Stage 1, then the checks it makes possible: a face in enough frames, large enough to track. */
    private Landmarks landmarks(Options o, Path partial, VideoInfo info, List<TrackingReport.Stage> stages)
            throws IOException {
        long t0 = System.nanoTime();
        List<TrackLine> track = LandmarkStage.run(models, o.video(), partial, info, o);
        int decoded = track.isEmpty() ? 0 : track.get(track.size() - 1).index() + 1;
        String endedEarly = endedEarly(o, info, track.size(), decoded);
        if (endedEarly != null) {
            log.accept("warning: " + endedEarly);
        }
        List<TrackLine> kept = track.stream().filter(l -> l.points() != null).toList();
        List<TrackingReport.Dropped> dropped = track.stream().filter(l -> l.points() == null)
                .map(l -> new TrackingReport.Dropped(l.index(), l.drop())).toList();
        stages.add(ReportStage.stage("landmarks", t0,
                String.format(Locale.ROOT, "%d of %d frames with a face", kept.size(), track.size())));
        if (kept.isEmpty()) {
            AtomicFiles.deleteRecursively(partial);
            throw new TrackingException("no face found in any of the " + track.size() + " frames of " + o.video()
                    + (dropped.isEmpty() ? "" : " (first frame: " + dropped.get(0).reason() + ")"));
        }
        TrackingSettings s = o.settings();
        int trainCount = (int) Math.floor(kept.size() * (1 - s.testFraction()));
        if (trainCount < s.minTrainFrames()) {
            AtomicFiles.deleteRecursively(partial);
            throw new TrackingException("only " + kept.size() + " frames of " + o.video() + " show a face, "
                    + trainCount + " of them for training; at least " + s.minTrainFrames()
                    + " training frames are needed (use a longer video, or a higher --fps / --max-frames)");
        }
        double faceSize = FrameStage.medianFaceSize(kept);
        if (faceSize < MIN_FACE_PX) {
            AtomicFiles.deleteRecursively(partial);
            throw new TrackingException(String.format(Locale.ROOT,
                    "the face in %s is only %.0f px wide; at least %.0f px are needed", o.video(), faceSize, MIN_FACE_PX));
        }
        return new Landmarks(track, kept, dropped, decoded, endedEarly, trainCount, faceSize);
    }

    /** The video's size and rate, once it is large enough to track and to give the output scale asked for. */
    private static VideoInfo inspect(Options o) throws IOException {
        VideoInfo info;
        try (VideoReader r = VideoReader.open(o.video())) {
            info = r.info();
        }
        if (Math.min(info.width(), info.height()) < MIN_VIDEO_SIDE) {
            throw new TrackingException(o.video() + " is " + info.width() + "x" + info.height()
                    + ": too small to track a face (the shorter side needs at least " + MIN_VIDEO_SIDE + " px)");
        }
        checkOutputScaleFits(o, info);
        return info;
    }

    /** Refuses hi-res frames that the tracked crop could only give by upsampling. */
    private static void checkCropFitsOutputScale(Options o, VideoInfo info, Path partial, double[] crop, double faceSize)
            throws IOException {
        TrackingSettings s = o.settings();
        int hi = o.outputScale();
        if (hi == 1 || crop[2] >= (double) hi * s.frameSize()) {
            return;
        }
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

    /** Writes the report and, last, subject.json (what marks the partial folder complete), then publishes it. */
    private static void finish(Path partial, Path out, TrackingReport report, SubjectMeta meta) throws IOException {
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.REPORT), JSON.writeValueAsString(report));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.REPORT_MD), ReportStage.markdown(report));
        Files.deleteIfExists(partial.resolve("state.json"));
        Files.deleteIfExists(partial.resolve("track.jsonl"));
        AtomicFiles.writeString(partial.resolve(SubjectDirectory.META), JSON.writeValueAsString(meta));
        publish(partial, out);
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

}
