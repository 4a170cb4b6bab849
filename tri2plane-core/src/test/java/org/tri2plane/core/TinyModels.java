package org.tri2plane.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.ExpressionWarp;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.AlignedCondition;

/** Builds small seeded models and input batches for tests. */
public final class TinyModels {
    private TinyModels() {}

    /** A frame camera that sees the whole tri-plane box from a head at depth 5. */
    public static Camera frameCamera(Tri2PlaneConfig config) {
        return Camera.synthetic(config.frame().frameSize());
    }

    public static Tri2PlaneModel model(Tri2PlaneConfig config, int frames, NDManager manager, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Tri2PlaneModel model = new Tri2PlaneModel(config, frames);
        model.initialize(manager);
        return model;
    }

    /**
     * A batch of {@code b} frames with random conditions, window offsets and slight head yaws, a
     * typical condition framing, and a still head's expression warp when the config warps.
     */
    public static FrameBatch batch(Tri2PlaneModel model, ParameterStore ps, NDManager m, int b, long seed, boolean training) {
        Tri2PlaneConfig c = model.config();
        Engine.getInstance().setRandomSeed((int) seed);
        NDArray cond = m.randomUniform(0f, 1f, new Shape(b, c.condition().channels(), c.condition().size(), c.condition().size()));
        NDArray beta = m.randomNormal(new Shape(b, c.latents().expressionDim()));
        long[] rows = new long[b];
        List<Camera> cams = new ArrayList<>();
        List<Pose> poses = new ArrayList<>();
        SlidingWindow sw = new SlidingWindow(c.frame().frameSize(), c.frame().windowSize());
        for (int i = 0; i < b; i++) {
            rows[i] = (seed + i) % model.trainingFrames();
            int off = (int) ((seed * 7 + i * 13) % (2L * sw.maxOffset() + 1)) - sw.maxOffset();
            cams.add(sw.camera(frameCamera(c), off, -off / 2));
            poses.add(Pose.yaw(0.1 * i - 0.05, 0, 0, 5));
        }
        NDArray gamma = model.gamma(ps, m.create(rows).toType(DataType.INT64, false), training);
        ExpressionWarp still = ExpressionWarp.stillHead(c.rendering());
        return new FrameBatch(cond, beta, gamma, cams, poses).withFraming(AlignedCondition.typicalFraming())
                .withWarp(still == null ? null : still.fields(m, Collections.nCopies(b, new double[0])));
    }
}
