package org.tri2plane.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.ExpressionWarp;

/**
 * A model with rendering.expressionWarp renders through the batch's warp: none refused; with a
 * zero warp the aligned features, read apart at the frame's points, give what adding them to the XY
 * planes gives; a motion moves the image.
 */
class WarpedRenderTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny").with("rendering.expressionWarp=0");

    @Test
    void theWarpIsNeededAndAZeroWarpRendersAsNoWarp() {
        Tri2PlaneConfig warped = TINY.with("rendering.expressionWarp=0.1");
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel plain = TinyModels.model(TINY, 4, m, 3);
            Tri2PlaneModel model = TinyModels.model(warped, 4, m, 3); // same seed: the same parameters
            // the aligned block's 1x1 heads start at zero: give both models the same non-zero ones, so that the aligned
            // features count
            Engine.getInstance().setRandomSeed(9);
            for (var e : plain.namedParameters().entrySet()) {
                if (e.getKey().startsWith("aligned")) {
                    NDArray v = m.randomNormal(0, 0.3f, e.getValue().getArray().getShape(), DataType.FLOAT32);
                    e.getValue().getArray().set(v.toFloatArray());
                    model.namedParameters().get(e.getKey()).getArray().set(v.toFloatArray());
                }
            }
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch batch = TinyModels.batch(plain, ps, m, 1, 2, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.renderImage(ps, batch));
            assertTrue(e.getMessage().contains("rendering.expressionWarp"), e.getMessage());

            int r = ExpressionWarp.RESOLUTION;
            float[] expected = plain.renderImage(ps, batch).toFloatArray();
            float[] still = model.renderImage(ps, batch.withWarp(m.zeros(new Shape(1, 3, r, r)))).toFloatArray();
            assertArrayEquals(expected, still, 1e-5f, "a zero warp leaves every sample where it was");

            // the whole head moved down by a tenth of the box: the image changes
            float[] down = new float[3 * r * r];
            java.util.Arrays.fill(down, r * r, 2 * r * r, -0.1f);
            float[] moved = model.renderImage(ps, batch.withWarp(m.create(down, new Shape(1, 3, r, r)))).toFloatArray();
            double diff = 0;
            for (int i = 0; i < moved.length; i++) {
                diff += Math.abs(moved[i] - expected[i]);
            }
            assertTrue(diff / moved.length > 1e-3, "a warp moves what the image shows, mean |difference| " + diff / moved.length);
        }
    }
}
