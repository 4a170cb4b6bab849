package org.tri2plane.core.avatar;

import org.tri2plane.core.geometry.Pose;

/**
 * What to render of an avatar: the head pose, the expression coefficients β with their condition
 * image I_t, the γ choice, the window's offset from the frame's centre and the output side.
 *
 * @param pose head pose in the subject's camera
 * @param beta expression coefficients
 * @param condition the condition image (channels × S × S) of {@code beta}
 * @param gammaRow the training frame whose γ_t to use, or {@link #MEAN_GAMMA} for the mean code γ̄
 * @param windowDx horizontal offset of the window from the frame's centre (pixels at the frame size)
 * @param windowDy vertical offset
 * @param size output side in pixels, resized from the model's when different; {@link #NATIVE} for the model's own
 */
public record View(Pose pose, double[] beta, float[] condition, int gammaRow, int windowDx, int windowDy, int size) {

    /** {@link #gammaRow()} of the mean code γ̄. */
    public static final int MEAN_GAMMA = -1;
    /** {@link #size()} of the model's own output side. */
    public static final int NATIVE = 0;

    public View {
        if (pose == null || beta == null || condition == null) {
            throw new IllegalArgumentException("a view needs a pose, expression coefficients and a condition image");
        }
        if (gammaRow < MEAN_GAMMA) {
            throw new IllegalArgumentException("gammaRow must be a training frame's row or " + MEAN_GAMMA + " (the mean code), was "
                    + gammaRow);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0 (0: the model's own), was " + size);
        }
    }

    /** The centred window at the model's own size. */
    public View(Pose pose, double[] beta, float[] condition, int gammaRow) {
        this(pose, beta, condition, gammaRow, 0, 0, NATIVE);
    }

    /** The same view through a window offset by (dx, dy). */
    public View withWindow(int dx, int dy) {
        return new View(pose, beta, condition, gammaRow, dx, dy, size);
    }

    /** The same view at output side {@code side}. */
    public View withSize(int side) {
        return new View(pose, beta, condition, gammaRow, windowDx, windowDy, side);
    }
}
