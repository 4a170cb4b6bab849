package org.tri2plane.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.config.Vec3;
import org.tri2plane.core.geometry.Box;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.Tri2PlaneModel;

/**
 * Aligned conditioning: the resampling matrix by hand, zero output at initialisation, gradient to
 * its parameters, and a change of the condition image that reaches the XY plane exactly where the
 * framing says it is.
 */
class AlignedConditionTest {

    private static final Box BOX = new Box(new Vec3(-2, -2, -2), new Vec3(2, 2, 2));

    @Test
    void placementIsBilinearWithZeroOutsideTheFraming() {
        // framing [0, 4] shown by 4 pixels (centres 0.5, 1.5, 2.5, 3.5); box [-2, 2] on 5 plane pixels (-2, -1, 0, 1, 2)
        float[] w = AlignedCondition.placement(5, 4, 0, 4, -2, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0}, row(w, 0, 4), "x = -2: outside the framing");
        assertArrayEquals(new float[] {0, 0, 0, 0}, row(w, 1, 4), "x = -1: outside");
        assertArrayEquals(new float[] {0.5f, 0, 0, 0}, row(w, 2, 4), "x = 0: the framing's edge, half a pixel of zero padding");
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0}, row(w, 3, 4), "x = 1: between pixel 0 and 1");
        assertArrayEquals(new float[] {0, 0.5f, 0.5f, 0}, row(w, 4, 4), "x = 2: between pixel 1 and 2");
        // identical grids: the identity
        float[] id = AlignedCondition.placement(4, 4, -2, 2, -1.5, 1.5);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1f : 0f, id[i * 4 + j], 1e-6, i + "," + j);
            }
        }
    }

    private static float[] row(float[] w, int i, int s) {
        float[] r = new float[s];
        System.arraycopy(w, i * s, r, 0, s);
        return r;
    }

    @Test
    void startsAtZeroAndLearns() {
        try (NDManager m = NDManager.newBaseManager()) {
            AlignedCondition block = new AlignedCondition(6, 8, 4, List.of(8, 16), BOX);
            block.initialize(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray cond = m.randomUniform(0, 1, new Shape(2, 6, 16, 16));
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = block.place(ps, cond, new double[] {-1, -1, 1, 1}, true);
                gc.backward(out.get(0).sum().add(out.get(1).sum()));
            }
            assertEquals(new Shape(2, 4, 8, 8), out.get(0).getShape());
            assertEquals(new Shape(2, 4, 16, 16), out.get(1).getShape());
            assertEquals(0f, out.get(0).abs().sum().getFloat() + out.get(1).abs().sum().getFloat(), "zero at initialisation");
            float headGrad = 0;
            for (var p : block.getParameters()) {
                if (p.getKey().contains("head0") && p.getKey().endsWith("weight")) { // DJL prefixes a child's position
                    headGrad += p.getValue().getArray().getGradient().abs().sum().getFloat();
                }
            }
            assertTrue(headGrad > 0, "the zero-initialised head still receives gradient");
            assertThrows(IllegalArgumentException.class, () -> block.place(ps, cond, null, false));
        }
    }

    @Test
    void aModelWithAlignedConditioningStartsAsTheModelWithout() {
        Tri2PlaneConfig paper = TestSupport.config("tiny").with("encoder.alignedChannels=0");
        Tri2PlaneConfig ours = paper.with("encoder.alignedChannels=8");
        float[][] planes = new float[2][];
        int k = 0;
        for (Tri2PlaneConfig c : List.of(paper, ours)) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                Tri2PlaneModel model = new Tri2PlaneModel(c, 4);
                model.initialize(m);
                assertEquals(c == ours, model.alignedConditioning());
                int s = c.condition().size();
                float[] cond = new float[6 * s * s];
                java.util.Arrays.fill(cond, 0.5f);
                Camera cam = new Camera(100, 100, 64, 64, c.frame().windowSize(), c.frame().windowSize());
                FrameBatch batch = FrameBatch.single(m, cond, new double[c.latents().expressionDim()], model.latents().meanGamma(), cam,
                        Pose.translation(0, 0, 5));
                ParameterStore ps = new ParameterStore(m, false);
                if (c == ours) {
                    assertThrows(IllegalArgumentException.class, () -> model.planes(ps, batch, false), "no framing");
                }
                planes[k++] = model.planes(ps, batch.withFraming(AlignedCondition.typicalFraming()), false).get(2).toFloatArray();
            }
        }
        assertArrayEquals(planes[0], planes[1], "identical tri-planes at initialisation");
    }

    @Test
    void withoutTheGlobalPathTheStyleDoesNotSeeTheExpression() {
        Tri2PlaneConfig base = TestSupport.config("tiny").with("encoder.alignedChannels=8");
        assertThrows(org.tri2plane.core.config.ConfigException.class, () -> base.with("encoder.alignedChannels=0", "encoder.globalCondition=false",
                "rendering.expressionWarp=0"), "no path for the expression at all");
        base.with("encoder.alignedChannels=0", "encoder.globalCondition=false", "rendering.expressionWarp=0.08"); // the warp is one
        for (boolean global : new boolean[] {true, false}) {
            Tri2PlaneConfig c = base.with("encoder.globalCondition=" + global);
            try (NDManager m = NDManager.newBaseManager()) {
                Tri2PlaneModel model = new Tri2PlaneModel(c, 4);
                model.initialize(m);
                ParameterStore ps = new ParameterStore(m, false);
                int s = c.condition().size();
                int k = c.latents().expressionDim();
                NDArray gamma = m.zeros(new Shape(1, c.latents().gammaDim()));
                NDArray a = model.style(ps, m.zeros(new Shape(1, 6, s, s)), m.zeros(new Shape(1, k)), gamma, false);
                NDArray b = model.style(ps, m.ones(new Shape(1, 6, s, s)), m.ones(new Shape(1, k)), gamma, false);
                float diff = a.sub(b).abs().sum().getFloat();
                assertEquals(global, diff > 0, "global path " + global + ": style difference " + diff);
            }
        }
    }

    @Test
    void aChangeInTheConditionImageLandsWhereTheFramingPutsIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            AlignedCondition block = new AlignedCondition(6, 8, 4, List.of(33), BOX);
            block.initialize(m);
            // give the zero-initialised head weights, so the features are not zero
            for (var p : block.getParameters()) {
                if (p.getKey().contains("head")) {
                    NDArray w = p.getValue().getArray();
                    w.set(m.randomNormal(w.getShape()).toFloatArray());
                }
            }
            ParameterStore ps = new ParameterStore(m, false);
            int s = 32;
            float[] a = new float[6 * s * s];
            float[] b = a.clone();
            // a spot at condition pixel (column 24, row 8) of the framing x, y ∈ [0, 2]: canonical (1.53, 0.53)
            for (int c = 0; c < 6; c++) {
                b[(c * s + 8) * s + 24] = 1;
            }
            double[] framing = {0, 0, 2, 2};
            NDArray fa = block.place(ps, m.create(a, new Shape(1, 6, s, s)), framing, false).get(0);
            NDArray fb = block.place(ps, m.create(b, new Shape(1, 6, s, s)), framing, false).get(0);
            float[] diff = fb.sub(fa).abs().sum(new int[] {0, 1}).toFloatArray(); // [33 x 33], plane pixel = 0.125 units
            assertTrue(diff[20 * 33 + 28] > 0, "the spot reaches the plane");
            int best = 0;
            for (int i = 1; i < diff.length; i++) {
                best = diff[i] > diff[best] ? i : best;
            }
            int row = best / 33;
            int col = best % 33;
            // canonical x = -2 + col · 0.125 ≈ 1.53 → col 28; y ≈ 0.53 → row 20 (± a plane pixel)
            assertTrue(Math.abs(col - 28) <= 1 && Math.abs(row - 20) <= 1, "largest change at row " + row + ", col " + col);
            // and nothing reaches the far side of the plane (outside the framing, or beyond the convs' reach)
            assertEquals(0f, diff[4 * 33 + 4], "far corner unchanged");
            assertEquals(0f, diff[20 * 33 + 8], "canonical x = -1 is outside the framing");
        }
    }
}
