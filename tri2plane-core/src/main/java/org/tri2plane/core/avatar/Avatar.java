package org.tri2plane.core.avatar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Box;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.ExpressionWarp;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.model.CheckpointMeta;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.ModelIO;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.core.util.NoGrad;

/**
 * One loaded avatar: a trained model with the subject it fits, checked once, holding what every
 * frame of it shares (the subject's camera at the model's frame size, the condition framing, the
 * γ table and the mean code γ̄), and the one way to render it: {@link #render(View)}. Rendering,
 * validation, the benchmarks and the viewer all go through it. Each render runs without gradient
 * bookkeeping in its own manager and scope, so native memory does not grow with the frames. An
 * avatar loaded from a checkpoint keeps the tri-planes of its last render: a view that differs
 * from the last only in pose or window (a turn of the viewer's head, an orbit) renders from them
 * without running the generator again.
 */
public final class Avatar implements AutoCloseable {

    private final Tri2PlaneModel model;
    private final NDManager root;
    private final boolean ownsRoot;
    private final ParameterStore ps;
    private final SubjectDirectory subject;
    private final CheckpointMeta meta;
    private final Camera frameCamera;
    private final double[] framing;
    private final ExpressionWarp warp;
    private final SlidingWindow window;
    private final NDManager shared;
    private final NDArray table;
    private final NDArray meanGamma;
    private final Map<Integer, Integer> gammaRows = new HashMap<>();
    /** Whether the parameters can change under the avatar (a model in training): then no planes are kept. */
    private final boolean reusesPlanes;
    /** The last render's planes and the code they were generated from (null before the first), guarded by this. */
    private LastPlanes last;

    /** Tri-planes generated from one code (condition image, expression, γ row), in a manager of their own. */
    private record LastPlanes(float[] condition, double[] beta, int gammaRow, NDManager manager, NDList planes) {

        boolean of(View v) {
            return gammaRow == v.gammaRow() && Arrays.equals(beta, v.beta()) && Arrays.equals(condition, v.condition());
        }
    }

    private Avatar(Tri2PlaneModel model, NDManager root, boolean ownsRoot, SubjectDirectory subject, CheckpointMeta meta,
            Camera frameCamera, double[] framing, ExpressionWarp warp) {
        Tri2PlaneConfig config = model.config();
        this.reusesPlanes = ownsRoot;
        this.warp = warp;
        this.model = model;
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.ps = new ParameterStore(root, false);
        this.subject = subject;
        this.meta = meta;
        this.frameCamera = frameCamera;
        this.framing = framing.clone();
        this.window = new SlidingWindow(config.frame().frameSize(), config.frame().windowSize());
        this.table = model.latents().tableParameter().getArray();
        this.shared = root.newSubManager();
        try (NoGrad g = NoGrad.enter()) {
            this.meanGamma = model.latents().meanGamma();
        }
        this.meanGamma.attach(shared);
    }

    /**
     * Loads the checkpoint {@code checkpoint} (a run folder or its checkpoint folder) for the
     * tracked subject {@code subjectDir}, once it has checked that the model was trained on that
     * subject and reads its expression coefficients; otherwise fails with {@link AvatarMismatchException}
     * saying what differs. Close it to free the model.
     */
    public static Avatar open(Path checkpoint, Path subjectDir) throws IOException {
        return open(checkpoint, subjectDir, null);
    }

    /**
     * {@link #open(Path, Path)} with the model in a sub-manager of {@code parent} (null: a manager
     * of its own), so a caller can see what the avatar holds; closing the avatar closes it.
     */
    public static Avatar open(Path checkpoint, Path subjectDir, NDManager parent) throws IOException {
        Path dir = Checkpoint.locate(checkpoint);
        CheckpointMeta info = Checkpoint.meta(dir);
        SubjectDirectory subject = SubjectDirectory.open(subjectDir);
        if (!info.subjectSourceSha256().equals(subject.meta().source().sha256())
                || info.trainFrames() != subject.meta().trainCount()) {
            throw new AvatarMismatchException(dir + " was trained on another subject (" + info.subject() + ", "
                    + info.trainFrames() + " training frames), not on " + subjectDir + " ("
                    + subject.meta().trainCount() + " training frames of " + subject.meta().source().path() + ")");
        }
        NDManager root = parent == null ? NDManager.newBaseManager() : parent.newSubManager();
        try {
            Tri2PlaneModel model = new ModelIO().load(dir, root, null);
            Tri2PlaneConfig config = model.config();
            if (config.latents().expressionDim() != subject.meta().expressionDim()) {
                throw new AvatarMismatchException("checkpoint expects " + config.latents().expressionDim()
                        + " expression coefficients, " + subjectDir + " has " + subject.meta().expressionDim());
            }
            if (model.latents().frameCount() != subject.meta().trainCount()) {
                throw new AvatarMismatchException(dir + " holds γ codes of " + model.latents().frameCount() + " training frames, "
                        + subjectDir + " has " + subject.meta().trainCount() + " (the checkpoint's files do not belong together:"
                        + " train again)");
            }
            Camera camera = subject.meta().camera().scaled((double) config.frame().frameSize() / subject.meta().frameSize());
            double[] framing = subject.meta().conditionFraming().stream().mapToDouble(Double::doubleValue).toArray();
            Avatar avatar = new Avatar(model, root, true, subject, info, camera, framing, warp(config, subject, subjectDir));
            int row = 0;
            for (FrameParams p : subject.params()) {
                if (p.train()) {
                    avatar.gammaRows.put(p.index(), row++);
                }
            }
            return avatar;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * An avatar of a model in memory whose parameters live in {@code root} (training's validation,
     * the benchmarks): no subject files, no checks; {@code frameCamera} is the camera at the
     * model's frame size and {@code framing} the canonical rectangle the condition images show.
     * Closing it frees only what it made (γ̄), not the model.
     */
    public static Avatar of(Tri2PlaneModel model, NDManager root, Camera frameCamera, double[] framing) {
        return of(model, root, frameCamera, framing, null);
    }

    /**
     * {@link #of(Tri2PlaneModel, NDManager, Camera, double[])} with the subject's expression warp
     * (null: none), which a model with rendering.expressionWarp needs.
     */
    public static Avatar of(Tri2PlaneModel model, NDManager root, Camera frameCamera, double[] framing, ExpressionWarp warp) {
        return new Avatar(model, root, false, null, null, frameCamera, framing, warp);
    }

    /** The expression warp of the subject's morphable model when the config has one; else null. */
    private static ExpressionWarp warp(Tri2PlaneConfig config, SubjectDirectory subject, Path subjectDir) throws IOException {
        double radius = config.rendering().expressionWarp();
        if (radius <= 0) {
            return null;
        }
        if (!Files.isRegularFile(subjectDir.resolve(SubjectDirectory.MODEL))) {
            throw new AvatarMismatchException("the avatar warps its sample points by the tracked expression"
                    + " (rendering.expressionWarp), but " + subjectDir + " has no " + SubjectDirectory.MODEL
                    + " (track the video again)");
        }
        MorphableModelFile face = subject.morphableModel();
        return new ExpressionWarp(face.mean(), face.basis(), new Box(config.rendering().boxMin(), config.rendering().boxMax()),
                radius);
    }

    /**
     * The view's SR image, clipped to [0, 1], [1, 3, n, n] at the model's own side n, in
     * {@code manager}, computed without gradient bookkeeping.
     */
    public NDArray renderTensor(NDManager manager, View v) {
        int max = model.config().frame().maxWindowOffset();
        if (Math.abs(v.windowDx()) > max || Math.abs(v.windowDy()) > max) {
            throw new IllegalArgumentException("window offset " + v.windowDx() + "," + v.windowDy() + ": the window must stay inside"
                    + " the " + model.config().frame().frameSize() + " px frame, so each offset is at most ±" + max);
        }
        if (v.gammaRow() >= model.latents().frameCount()) {
            throw new IllegalArgumentException("gammaRow " + v.gammaRow() + ": the model holds " + model.latents().frameCount()
                    + " training frames' codes");
        }
        // the scope closes what the render makes outside {@code manager} (a γ row and what is derived from it live in the
        // model's manager); only the image is kept
        try (NDScope scope = new NDScope(); NoGrad g = NoGrad.enter()) {
            NDArray gamma = v.gammaRow() >= 0 ? table.get(v.gammaRow()) : meanGamma;
            FrameBatch batch = FrameBatch.single(manager, v.condition(), v.beta(), gamma, windowCamera(v.windowDx(), v.windowDy()),
                    v.pose()).withFraming(framing);
            if (warp != null) {
                batch = batch.withWarp(warp.fields(manager, List.of(v.beta())));
            }
            NDArray image = (reusesPlanes ? model.renderImage(ps, batch, planes(v, batch, manager)) : model.renderImage(ps, batch)).clip(0, 1);
            NDScope.unregister(image);
            image.attach(manager);
            return image;
        }
    }

    /**
     * The tri-planes of {@code v}'s code, as copies in {@code manager} (what a render derives from
     * them then lands there, not beside the kept planes): the last render's when it had the same
     * code, else generated for {@code batch} and kept (in place of the last) until the next code or
     * close.
     */
    private synchronized NDList planes(View v, FrameBatch batch, NDManager manager) {
        if (last == null || !last.of(v)) {
            if (last != null) {
                last.manager().close();
                last = null;
            }
            NDManager kept = shared.newSubManager();
            NDList planes = model.planes(ps, batch, false);
            for (NDArray a : planes) {
                NDScope.unregister(a);
                a.attach(kept);
            }
            last = new LastPlanes(v.condition().clone(), v.beta().clone(), v.gammaRow(), kept, planes);
        }
        NDList copies = new NDList(last.planes().size());
        for (NDArray a : last.planes()) {
            NDArray c = a.duplicate();
            c.attach(manager);
            copies.add(c);
        }
        return copies;
    }

    /** The view as an image at its size (resized from the model's own side when different). */
    public RgbImage render(View v) {
        RgbImage result;
        try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
            NDArray img = renderTensor(m, v);
            int n = (int) img.getShape().get(2);
            result = SubjectImages.toImage(img.toFloatArray(), n, n);
        }
        int size = v.size() == View.NATIVE ? result.width() : v.size();
        return result.width() == size ? result : ImageOps.resize(result, size, size);
    }

    /** The camera of the window offset by (dx, dy) from the frame's centre. */
    public Camera windowCamera(int dx, int dy) {
        return window.camera(frameCamera, dx, dy);
    }

    /**
     * The γ-table row of tracked frame {@code frameIndex}: its own when it is a training frame,
     * else {@link View#MEAN_GAMMA} (held-out frames have no code of their own).
     */
    public int gammaRow(int frameIndex) {
        return gammaRows.getOrDefault(frameIndex, View.MEAN_GAMMA);
    }

    /** The condition image of tracked frame {@code frameIndex} at the model's condition size. */
    public float[] condition(int frameIndex) throws IOException {
        return SubjectImages.condition(subject(), frameIndex, model.config().condition().size());
    }

    /** The model's own output side. */
    public int nativeSize() {
        return model.config().superResolution().outputResolution();
    }

    public Tri2PlaneModel model() {
        return model;
    }

    public Tri2PlaneConfig config() {
        return model.config();
    }

    /** The subject the avatar was opened with; fails for an avatar made {@link #of} a model in memory. */
    public SubjectDirectory subject() {
        if (subject == null) {
            throw new IllegalStateException("this avatar was made of a model in memory, without a subject directory");
        }
        return subject;
    }

    /** The checkpoint's record of its training, or null for an avatar made {@link #of} a model in memory. */
    public CheckpointMeta meta() {
        return meta;
    }

    /** The subject's camera at the model's frame size. */
    public Camera frameCamera() {
        return frameCamera;
    }

    /** The canonical rectangle the condition images show. */
    public double[] framing() {
        return framing.clone();
    }

    @Override
    public synchronized void close() {
        last = null;
        shared.close();
        if (ownsRoot) {
            root.close();
        }
    }
}
