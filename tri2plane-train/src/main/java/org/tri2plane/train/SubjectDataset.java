package org.tri2plane.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Box;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.ExpressionWarp;
import org.tri2plane.core.geometry.FaceMesh;
import org.tri2plane.core.geometry.HeadExtent;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.core.subject.SubjectMeta;

/**
 * A DJL dataset over a tracked subject directory at a config's sizes: frames are scaled to
 * {@code frame.frameSize} (area filter), condition maps to {@code condition.size}; the camera is
 * scaled with them. Records hold data [condition 6 x S x S, β] and labels [composited RGB, mask].
 * A config whose SR output is k = 2 times its window also gets the k · frameSize ground truth of the
 * SR image, from stored frames with at least that many pixels ({@code frames/} when large enough,
 * else the hi-res {@code frames_xN/} of {@code tri2plane track --output-scale N}); a subject without
 * them is refused. Decoded frames are kept in a bounded cache and can be decoded ahead on a background thread
 * ({@link #prefetch}), so that a training step does not wait for PNG decoding.
 */
final class SubjectDataset extends RandomAccessDataset implements AutoCloseable {

    private static final int CACHE = 96;
    /** Room around the head for hair, canonical units (0.1 ≈ 8 mm). */
    static final double HEAD_MARGIN = 0.1;

    private final SubjectDirectory subject;
    private final Tri2PlaneConfig config;
    private final List<FrameParams> frames;
    private final List<FrameParams> train;
    private final List<FrameParams> test;
    private final Map<Integer, Integer> rows = new LinkedHashMap<>();
    private final Camera camera;
    private final float[] background;
    private final int srSize;
    private final int srScale;
    private final Map<Integer, CompletableFuture<FrameData>> cache;
    /** Tracked landmarks by frame index, read when the loss or the patch layout uses the expression regions; else empty. */
    private final Map<Integer, double[]> landmarks;
    private final double[] framing;
    /** The subject's morphable model, read when the geometry terms or the expression warp use the tracked face; else null. */
    private final MorphableModelFile model;
    /** The expression warp of the subject's morphable model when the config has one (rendering.expressionWarp); else null. */
    private final ExpressionWarp warp;
    private final ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "frame-decoder");
        t.setDaemon(true);
        return t;
    });

    /** Opens {@code subject} for {@code config}; fails if they do not fit together. */
    public SubjectDataset(SubjectDirectory subject, Tri2PlaneConfig config) {
        super(new Builder().setSampling(1, false));
        this.subject = subject;
        this.config = config;
        this.frames = subject.params();
        List<FrameParams> tr = new ArrayList<>();
        List<FrameParams> te = new ArrayList<>();
        for (FrameParams p : frames) {
            if (p.train()) {
                rows.put(p.index(), tr.size());
                tr.add(p);
            } else {
                te.add(p);
            }
        }
        this.train = List.copyOf(tr);
        this.test = List.copyOf(te);
        if (train.isEmpty()) {
            throw new TrainingException(subject.root() + " has no training frames");
        }
        checkFits(subject, config);
        int srFactor = config.superResolution().outputResolution() / config.frame().windowSize();
        this.srSize = srFactor * config.frame().frameSize();
        this.srScale = srFactor == 1 ? 1 : hiResScale(subject, config, srSize);
        this.camera = subject.meta().camera().scaled((double) config.frame().frameSize() / subject.meta().frameSize());
        List<Integer> bg = subject.meta().background();
        this.background = new float[] {bg.get(0) / 255f, bg.get(1) / 255f, bg.get(2) / 255f};
        this.landmarks = config.loss().regionWeight() > 1 || config.training().regionPatchProbability() > 0 ? subject.landmarks()
                : Map.of();
        this.framing = subject.meta().conditionFraming().stream().mapToDouble(Double::doubleValue).toArray();
        boolean warps = config.rendering().expressionWarp() > 0;
        this.model = config.geometry().usesFace() || warps ? faceModel(subject, config) : null;
        this.warp = warps ? new ExpressionWarp(model.mean(), model.basis(), new Box(config.rendering().boxMin(),
                config.rendering().boxMax()), config.rendering().expressionWarp()) : null;
        for (int c = 0; c < 3; c++) {
            if (Math.abs(background[c] - config.rendering().background().get(c)) > 0.5 / 255) {
                throw new TrainingException(subject.root() + " composites its ground truth on background " + bg
                        + " but config '" + config.name() + "' renders onto " + config.rendering().background()
                        + " (rendering.background, in [0, 1]); make them the same colour");
            }
        }
        // hi-res SR ground truth takes k² times the memory of a frame: keep fewer frames
        int entries = srFactor == 1 ? CACHE : Math.max(8, CACHE / (1 + srFactor * srFactor));
        this.cache = new LinkedHashMap<>(entries, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, CompletableFuture<FrameData>> eldest) {
                return size() > entries;
            }
        };
    }

    /** Refuses a subject whose expression basis, condition channels or files do not fit {@code config}, before any frame is read. */
    private static void checkFits(SubjectDirectory subject, Tri2PlaneConfig config) {
        int k = subject.meta().expressionDim();
        if (k != config.latents().expressionDim()) {
            throw new TrainingException(subject.root() + " was tracked with " + k + " expression coefficients but config '"
                    + config.name() + "' expects latents.expressionDim = " + config.latents().expressionDim()
                    + " (track again with expressionDim " + config.latents().expressionDim() + " or change the config)");
        }
        if (config.condition().channels() != 6) {
            throw new TrainingException("config '" + config.name() + "' expects " + config.condition().channels()
                    + " condition channels; subject directories provide 6 (texture + normals)");
        }
        List<String> missing = subject.missingFiles();
        if (!missing.isEmpty()) {
            throw new TrainingException(subject.root() + " is incomplete; missing for example " + missing
                    + " (track the video again)");
        }
        List<String> damaged = subject.damagedFiles();
        if (!damaged.isEmpty()) {
            throw new TrainingException(subject.root() + " holds damaged images, found before training: " + String.join("; ", damaged)
                    + " (track the video again with --force, or restore these files)");
        }
    }

    /**
     * The stored scale whose frames have at least {@code need} pixels a side (1 when the frames
     * themselves do, else the subject's outputScale), taken from a source crop of at least that many
     * pixels; refuses a subject that has none, naming the {@code track} option that makes them.
     */
    private static int hiResScale(SubjectDirectory subject, Tri2PlaneConfig config, int need) {
        SubjectMeta meta = subject.meta();
        int hi = meta.outputScale();
        int scale = meta.scaleWithSide(need);
        double crop = meta.crop().get(2);
        if (scale > 0 && meta.cropSpans(need)) {
            return scale;
        }
        int k = need / config.frame().frameSize();
        String wants = String.format(Locale.ROOT, "config '%s' trains a x%d super-resolution output"
                + " (superResolution.outputResolution %d = %d x frame.windowSize %d) against real %d px frames, but %s",
                config.name(), k, config.superResolution().outputResolution(), k, config.frame().windowSize(), need,
                subject.root());
        int track = (need + meta.frameSize() - 1) / meta.frameSize();
        String alternative = ", or train a config whose superResolution.outputResolution equals frame.windowSize";
        if (scale > 0) {
            throw new TrainingException(String.format(Locale.ROOT, "%s has only upsampled ones: its source crop spans"
                    + " %.0f px (%s crop). Track a video whose crop spans at least %d px with 'tri2plane track"
                    + " --output-scale %d' (see docs/paper-mapping.md)%s", wants, crop, SubjectDirectory.META, need, track,
                    alternative));
        }
        throw new TrainingException(String.format(Locale.ROOT, "%s stores frames of %d px only%s. Track the video again"
                + " with 'tri2plane track --output-scale %d' (the source's tracked crop must span at least %d px; this"
                + " one spans %.0f px, see docs/paper-mapping.md)%s", wants, meta.frameSize(),
                hi > 1 ? " and " + meta.frameSize(hi) + " px (" + SubjectDirectory.framesFolder(hi) + "/)"
                        : " (" + SubjectDirectory.META + " has no outputScale: it was tracked without --output-scale)",
                track, track * meta.frameSize(), crop, alternative));
    }

    /** The training frames in order (row r of the γ table is {@code trainFrames().get(r)}). */
    public List<FrameParams> trainFrames() {
        return train;
    }

    /** The held-out frames. */
    public List<FrameParams> testFrames() {
        return test;
    }

    /** The subject's camera scaled to the config's frame size. */
    public Camera camera() {
        return camera;
    }

    public float[] background() {
        return background.clone();
    }

    public SubjectDirectory subject() {
        return subject;
    }

    /** Starts decoding {@code p} in the background (no-op when cached). */
    public void prefetch(FrameParams p) {
        future(p);
    }

    /** The decoded frame (waits for a background decode when one is running). */
    public FrameData frame(FrameParams p) {
        try {
            return future(p).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while decoding frame " + p.index());
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new TrainingException("cannot read frame " + p.index() + " of " + subject.root() + ": " + c.getMessage(), c);
        }
    }

    private synchronized CompletableFuture<FrameData> future(FrameParams p) {
        return cache.computeIfAbsent(p.index(), i -> CompletableFuture.supplyAsync(() -> decode(p), decoder));
    }

    private FrameData decode(FrameParams p) {
        try {
            int f = config.frame().frameSize();
            float[][] frame = SubjectImages.composited(subject, p.index(), f, background);
            float[] cond = SubjectImages.condition(subject, p.index(), config.condition().size());
            float[] sr = srSize == f ? null : SubjectImages.composited(subject, p.index(), srScale, srSize, background)[0];
            return new FrameData(p.index(), rows.getOrDefault(p.index(), -1), frame[0], frame[1], cond, p.betaArray(), p.pose(),
                    sr, region(p.index(), f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expression-region map of frame {@code index} at {@code side}² (null without region weighting). */
    private float[] region(int index, int side) {
        if (config.loss().regionWeight() <= 1) {
            return null;
        }
        return ExpressionRegions.of(landmarksOf(index), subject.meta().frameSize(), side);
    }

    /** The centre of frame {@code index}'s outer lip contour, in pixels of the config's frame size. */
    public double[] mouthCentre(int index) {
        return ExpressionRegions.centre(landmarksOf(index), ExpressionRegions.MOUTH,
                (double) config.frame().frameSize() / subject.meta().frameSize());
    }

    private double[] landmarksOf(int index) {
        double[] points = landmarks.get(index);
        if (points == null) {
            throw new TrainingException("frame " + index + " of " + subject.root() + " has no line in " + SubjectDirectory.LANDMARKS
                    + ", which loss.regionWeight and training.regionPatchProbability need (track the video again)");
        }
        return points;
    }

    private static MorphableModelFile faceModel(SubjectDirectory subject, Tri2PlaneConfig config) {
        if (!Files.isRegularFile(subject.root().resolve(SubjectDirectory.MODEL))) {
            throw new TrainingException("config '" + config.name() + "' uses the tracked face (geometry.* weights or"
                    + " turnedViewDegrees > 0, or rendering.expressionWarp > 0), but " + subject.root() + " has no "
                    + SubjectDirectory.MODEL + " (track the video again, or set those keys to 0)");
        }
        MorphableModelFile m = subject.morphableModel();
        if (m.expressionDim() != config.latents().expressionDim()) {
            throw new TrainingException(subject.root().resolve(SubjectDirectory.MODEL) + " has " + m.expressionDim()
                    + " expression components, config '" + config.name() + "' " + config.latents().expressionDim());
        }
        return m;
    }

    /**
     * The expression warp of the subject's morphable model, when the config has one
     * (rendering.expressionWarp &gt; 0); else null.
     */
    public ExpressionWarp expressionWarp() {
        return warp;
    }

    /** Frame {@code p}'s tracked face in canonical space (S̄ + B·β_t); only when the config's geometry terms use it. */
    public FaceMesh face(FrameParams p) {
        if (model == null) {
            throw new IllegalStateException("config '" + config.name() + "' does not use the tracked face (geometry.*)");
        }
        return FaceMesh.of(model.mean(), model.basis(), p.betaArray(), model.triangles());
    }

    /**
     * A warning when the subject's head ({@link HeadExtent} of its tracked faces, 0.1 of margin for
     * hair) does not fit the config's rendering box: what is cut, by how much; empty when it fits or
     * the subject has no morphable model to tell.
     */
    public Optional<String> headOutsideBox() {
        if (!Files.isRegularFile(subject.root().resolve(SubjectDirectory.MODEL))) {
            return Optional.empty();
        }
        List<String> cut = headExtent().outside(new Box(config.rendering().boxMin(), config.rendering().boxMax()));
        return cut.isEmpty() ? Optional.empty() : Optional.of("warning: the rendering box of config '" + config.name()
                + "' cuts the head of " + subject.root() + ": " + String.join(", ", cut) + " (rendering.boxMin / boxMax,"
                + " canonical units; see docs/paper-mapping.md)");
    }

    /**
     * The extent of the subject's head ({@link HeadExtent} of every frame's tracked face, {@link
     * #HEAD_MARGIN} for hair); fails when the subject has no morphable model.
     */
    public HeadExtent headExtent() {
        MorphableModelFile m = model != null ? model : subject.morphableModel();
        List<FaceMesh> faces = new ArrayList<>();
        for (FrameParams p : frames) {
            faces.add(FaceMesh.of(m.mean(), m.basis(), p.betaArray(), m.triangles()));
        }
        return HeadExtent.of(faces, HEAD_MARGIN);
    }

    /** The canonical rectangle {x0, y0, x1, y1} the subject's condition maps show. */
    public double[] conditionFraming() {
        return framing.clone();
    }

    @Override
    public Record get(NDManager manager, long index) {
        FrameData d = frame(frames.get(Math.toIntExact(index)));
        int f = config.frame().frameSize();
        int s = config.condition().size();
        float[] beta = new float[d.beta().length];
        for (int i = 0; i < beta.length; i++) {
            beta[i] = (float) d.beta()[i];
        }
        NDList data = new NDList(manager.create(d.condition(), new Shape(6, s, s)), manager.create(beta));
        NDList labels = new NDList(manager.create(d.rgb(), new Shape(3, f, f)), manager.create(d.mask(), new Shape(1, f, f)));
        return new Record(data, labels);
    }

    @Override
    protected long availableSize() {
        return frames.size();
    }

    @Override
    public void prepare(Progress progress) {
        // frames are decoded lazily
    }

    /** Side of the SR image's ground truth frames: frame.frameSize x (SR output / window). */
    public int srFrameSize() {
        return srSize;
    }

    /** The stored scale the SR ground truth is read from (1: {@code frames/}, N: {@code frames_xN/}). */
    public int srFrameScale() {
        return srScale;
    }

    /** The directory this dataset reads. */
    public Path root() {
        return subject.root();
    }

    @Override
    public void close() {
        decoder.shutdownNow();
    }

    /** Builder required by {@link RandomAccessDataset}; sampling is done by the trainer. */
    static final class Builder extends BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
