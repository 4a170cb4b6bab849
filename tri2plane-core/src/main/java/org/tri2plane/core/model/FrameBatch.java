package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;

/**
 * What the model needs for B frames: condition images I_t [B, 6, S, S], expression coefficients
 * β_t [B, K], frame codes γ_t [B, 32], and per frame the window camera (principal point already
 * shifted by the sliding window, size W x W) and head pose. Optional {@code sampleSeeds} give each
 * frame its own stream for the stratified jitter (null: the engine's generator).
 */
public record FrameBatch(
        NDArray condition, NDArray beta, NDArray gamma, List<Camera> cameras, List<Pose> poses, long[] sampleSeeds) {

    /** A batch that jitters with the engine's generator. */
    public FrameBatch(NDArray condition, NDArray beta, NDArray gamma, List<Camera> cameras, List<Pose> poses) {
        this(condition, beta, gamma, cameras, poses, null);
    }

    public FrameBatch {
        if (sampleSeeds != null && sampleSeeds.length != cameras.size()) {
            throw new IllegalArgumentException("one jitter seed per frame");
        }
        cameras = List.copyOf(cameras);
        poses = List.copyOf(poses);
        long b = condition.getShape().get(0);
        if (cameras.size() != b || poses.size() != b) {
            throw new IllegalArgumentException(
                    "batch of " + b + " condition images needs as many cameras and poses, got "
                            + cameras.size() + " and " + poses.size());
        }
        if (beta.getShape().get(0) != b || gamma.getShape().get(0) != b) {
            throw new IllegalArgumentException("beta and gamma must have batch size " + b);
        }
    }

    /** Batch size. */
    public int size() {
        return cameras.size();
    }
}
