package org.tri2plane.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.tracking.subject.FrameParams;
import org.tri2plane.tracking.subject.SubjectDirectory;
import org.tri2plane.tracking.subject.SubjectImages;

/**
 * A DJL dataset over a tracked subject directory at a config's sizes: frames are scaled to
 * {@code frame.frameSize} (area filter), condition maps to {@code condition.size}; the camera is
 * scaled with them. Records hold data [condition 6 x S x S, β] and labels [composited RGB, mask].
 * Decoded frames are kept in a bounded cache and can be decoded ahead on a background thread
 * ({@link #prefetch}), so that a training step does not wait for PNG decoding.
 */
public final class SubjectDataset extends RandomAccessDataset implements AutoCloseable {

    private static final int CACHE = 96;

    private final SubjectDirectory subject;
    private final Tri2PlaneConfig config;
    private final List<FrameParams> frames;
    private final List<FrameParams> train;
    private final List<FrameParams> test;
    private final Map<Integer, Integer> rows = new LinkedHashMap<>();
    private final Camera camera;
    private final float[] background;
    private final Map<Integer, CompletableFuture<FrameData>> cache;
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
        this.camera = subject.meta().camera().scaled((double) config.frame().frameSize() / subject.meta().frameSize());
        List<Integer> bg = subject.meta().background();
        this.background = new float[] {bg.get(0) / 255f, bg.get(1) / 255f, bg.get(2) / 255f};
        for (int c = 0; c < 3; c++) {
            if (Math.abs(background[c] - config.rendering().background().get(c)) > 0.5 / 255) {
                throw new TrainingException(subject.root() + " composites its ground truth on background " + bg
                        + " but config '" + config.name() + "' renders onto " + config.rendering().background()
                        + " (rendering.background, in [0, 1]); make them the same colour");
            }
        }
        this.cache = new LinkedHashMap<>(CACHE, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, CompletableFuture<FrameData>> eldest) {
                return size() > CACHE;
            }
        };
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
            return new FrameData(p.index(), rows.getOrDefault(p.index(), -1), frame[0], frame[1], cond, p.betaArray(), p.pose());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
