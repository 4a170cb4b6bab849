package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.FaceMesh;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.util.Scalars;

/**
 * What the model needs for B frames: condition images I_t [B, 6, S, S], expression coefficients
 * β_t [B, K], frame codes γ_t [B, 32], and per frame the window camera (principal point already
 * shifted by the sliding window, size W x W) and head pose. Optional {@code sampleSeeds} give each
 * frame its own stream for the stratified jitter (null: the engine's generator). {@code
 * conditionFraming} is the canonical rectangle {x0, y0, x1, y1} the condition images show (the
 * subject's), which a model with aligned conditioning needs to place them on its XY planes (null:
 * not given). {@code faces}, when given, are the frames' tracked faces for training's geometry terms.
 * {@code warp}, when given, holds each frame's expression warp [B, 3, R, R] ({@link
 * org.tri2plane.core.geometry.ExpressionWarp}), which a model with rendering.expressionWarp needs.
 */
public record FrameBatch(NDArray condition, NDArray beta, NDArray gamma, List<Camera> cameras, List<Pose> poses,
        long[] sampleSeeds, double[] conditionFraming, List<FaceMesh> faces, NDArray warp) {

    /** A batch that jitters with the engine's generator. */
    public FrameBatch(NDArray condition, NDArray beta, NDArray gamma, List<Camera> cameras, List<Pose> poses) {
        this(condition, beta, gamma, cameras, poses, null, null, null, null);
    }

    /** A batch without the condition maps' framing. */
    public FrameBatch(NDArray condition, NDArray beta, NDArray gamma, List<Camera> cameras, List<Pose> poses, long[] sampleSeeds) {
        this(condition, beta, gamma, cameras, poses, sampleSeeds, null, null, null);
    }

    /** This batch with the condition maps' canonical rectangle {@code framing}. */
    public FrameBatch withFraming(double[] framing) {
        return new FrameBatch(condition, beta, gamma, cameras, poses, sampleSeeds, framing == null ? null : framing.clone(), faces,
                warp);
    }

    /**
     * This batch with each frame's tracked face (null: none): training's scale renders then carry
     * their samples' weights against it, for the geometry terms.
     */
    public FrameBatch withFaces(List<FaceMesh> meshes) {
        return new FrameBatch(condition, beta, gamma, cameras, poses, sampleSeeds, conditionFraming, meshes, warp);
    }

    /** This batch with each frame's expression warp {@code fields} [B, 3, R, R] (null: none). */
    public FrameBatch withWarp(NDArray fields) {
        return new FrameBatch(condition, beta, gamma, cameras, poses, sampleSeeds, conditionFraming, faces, fields);
    }

    /** Checks that every camera is a window camera of {@code w x w} pixels (training renders windows). */
    public void checkWindowCameras(int w) {
        for (Camera c : cameras) {
            if (c.width() != w || c.height() != w) {
                throw new IllegalArgumentException("training cameras must be window cameras of " + w + "x" + w + ", got "
                        + c.width() + "x" + c.height());
            }
        }
    }

    public FrameBatch {
        if (sampleSeeds != null && sampleSeeds.length != cameras.size()) {
            throw new IllegalArgumentException("one jitter seed per frame");
        }
        cameras = List.copyOf(cameras);
        poses = List.copyOf(poses);
        faces = faces == null ? null : List.copyOf(faces);
        if (faces != null && faces.size() != cameras.size()) {
            throw new IllegalArgumentException("one tracked face per frame, got " + faces.size() + " for " + cameras.size());
        }
        long b = condition.getShape().get(0);
        if (cameras.size() != b || poses.size() != b) {
            throw new IllegalArgumentException(
                    "batch of " + b + " condition images needs as many cameras and poses, got "
                            + cameras.size() + " and " + poses.size());
        }
        if (warp != null && (warp.getShape().dimension() != 4 || warp.getShape().get(0) != b || warp.getShape().get(1) != 3)) {
            throw new IllegalArgumentException("the expression warp must be [" + b + ", 3, R, R], got " + warp.getShape());
        }
        if (beta.getShape().get(0) != b || gamma.getShape().get(0) != b) {
            throw new IllegalArgumentException("beta and gamma must have batch size " + b);
        }
    }

    /**
     * The one-frame batch of inference (rendering, validation, benchmarks): condition I [1, 6, S, S]
     * from {@code condition} (6 · S · S values), β [1, K], the code {@code gamma} [gammaDim] (a
     * training frame's γ_t or the mean γ̄) and the window camera and pose. Arrays are made in
     * {@code m}, owned by PyTorch.
     */
    public static FrameBatch single(NDManager m, float[] condition, double[] beta, NDArray gamma, Camera camera, Pose pose) {
        int s = (int) Math.round(Math.sqrt(condition.length / 6.0));
        if (6 * s * s != condition.length) {
            throw new IllegalArgumentException("a condition image has 6 x S x S values, got " + condition.length);
        }
        float[] b = new float[beta.length];
        for (int j = 0; j < b.length; j++) {
            b[j] = (float) beta[j];
        }
        return new FrameBatch(Scalars.constant(m, condition, new Shape(1, 6, s, s)), Scalars.constant(m, b, new Shape(1, b.length)),
                gamma.reshape(1, -1).toType(DataType.FLOAT32, false), List.of(camera), List.of(pose));
    }

    /** Batch size. */
    public int size() {
        return cameras.size();
    }
}
