package org.tri2plane.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.core.util.NoGrad;

/**
 * Renders single frames of a loaded avatar: the SR image of a window of the subject's camera (the
 * centred one unless an offset is given), at a requested side. Each frame runs without gradient bookkeeping in its own manager and
 * scope, both closed before it returns, so native memory does not grow with the number of frames.
 */
final class FrameRenderer {

    private final Tri2PlaneModel model;
    private final NDManager root;
    private final ParameterStore ps;
    private final Camera camera;
    private final NDArray table;
    private final NDArray meanGamma;
    private final double[] framing;

    /**
     * @param model the loaded avatar (its parameters live in {@code root})
     * @param frameCamera the subject's camera at the config's frame size
     * @param framing the canonical rectangle the condition images show (the subject's conditionFraming)
     */
    public FrameRenderer(Tri2PlaneModel model, NDManager root, Camera frameCamera, double[] framing) {
        this(model, root, frameCamera, 0, 0, framing);
    }

    /**
     * @param model the loaded avatar (its parameters live in {@code root})
     * @param frameCamera the subject's camera at the config's frame size
     * @param dx horizontal offset of the window from the frame's centre (pixels at the frame size)
     * @param dy vertical offset
     * @param framing the canonical rectangle the condition images show (the subject's conditionFraming)
     */
    public FrameRenderer(Tri2PlaneModel model, NDManager root, Camera frameCamera, int dx, int dy, double[] framing) {
        Tri2PlaneConfig config = model.config();
        this.framing = framing.clone();
        this.model = model;
        this.root = root;
        this.ps = new ParameterStore(root, false);
        this.camera = new SlidingWindow(config.frame().frameSize(), config.frame().windowSize()).camera(frameCamera, dx, dy);
        this.table = model.latents().tableParameter().getArray();
        this.meanGamma = model.latents().meanGamma();
        this.meanGamma.attach(root);
    }

    /** The camera of the rendered window. */
    public Camera camera() {
        return camera;
    }

    /**
     * One frame at {@code size}² (resized from the model's output when different).
     *
     * @param condition 6 x S x S condition image
     * @param beta expression coefficients
     * @param gammaRow the training frame whose γ_t to use, or -1 for the mean training γ
     * @param pose head pose
     */
    public RgbImage render(float[] condition, double[] beta, int gammaRow, Pose pose, int size) {
        RgbImage result;
        try (NDManager m = root.newSubManager(); NDScope scope = new NDScope(); NoGrad g = NoGrad.enter()) {
            NDArray gamma = gammaRow >= 0 ? table.get(gammaRow) : meanGamma;
            FrameBatch batch = FrameBatch.single(m, condition, beta, gamma, camera, pose).withFraming(framing);
            NDArray img = model.renderImage(ps, batch).clip(0, 1);
            int n = (int) img.getShape().get(2);
            result = SubjectImages.toImage(img.toFloatArray(), n, n);
        }
        return result.width() == size ? result : ImageOps.resize(result, size, size);
    }
}
