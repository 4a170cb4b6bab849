package org.tri2plane.core.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;

class TriPlaneSamplerTest {

    private final TriPlaneSampler sampler = new TriPlaneSampler();

    @Test
    void matchesPyTorchGridSampleFixture() {
        JsonNode f = TestSupport.fixture("triplane_grid_sample.json");
        int b = f.get("B").asInt(), c = f.get("C").asInt(), r = f.get("R").asInt(), m = f.get("M").asInt();
        double[] planes = TestSupport.doubles(f.get("planes"));
        double[] points = TestSupport.doubles(f.get("points"));
        double[] expected = TestSupport.doubles(f.get("output"));
        try (NDManager manager = NDManager.newBaseManager()) {
            // float32, the type the model runs in
            NDArray out = sampler.sample(
                    manager.create(TestSupport.floats(planes), new Shape(b, 3, c, r, r)),
                    manager.create(TestSupport.floats(points), new Shape(b, m, 3)));
            assertEquals(new Shape(b, m, c), out.getShape());
            float[] got = out.toFloatArray();
            double maxDiff = 0;
            for (int i = 0; i < got.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
            }
            assertTrue(maxDiff < 1e-5, "max |DJL - grid_sample| = " + maxDiff);

            // float64: agreement to rounding
            double[] got64 = sampler.sample(
                            manager.create(planes, new Shape(b, 3, c, r, r)),
                            manager.create(points, new Shape(b, m, 3)))
                    .toDoubleArray();
            assertArrayEquals(expected, got64, 1e-12);
        }
    }

    @Test
    void gradientToPlanesMatchesFiniteDifferences() {
        int b = 2, c = 3, r = 5, m = 40;
        Random rnd = new Random(7);
        double[] planes = new double[b * 3 * c * r * r];
        double[] points = new double[b * m * 3];
        double[] weights = new double[b * m * c];
        for (int i = 0; i < planes.length; i++) planes[i] = rnd.nextGaussian();
        for (int i = 0; i < points.length; i++) points[i] = rnd.nextDouble() * 2.2 - 1.1;
        for (int i = 0; i < weights.length; i++) weights[i] = rnd.nextGaussian();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(planes, new Shape(b, 3, c, r, r));
            NDArray q = manager.create(points, new Shape(b, m, 3));
            NDArray w = manager.create(weights, new Shape(b, m, c));
            p.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(sampler.sample(p, q).mul(w).sum());
            }
            double[] grad = p.getGradient().toDoubleArray();
            double h = 1e-6;
            int checked = 0;
            double gradNorm = 0;
            for (int idx = 0; idx < planes.length; idx += 7) {
                double[] plus = planes.clone();
                double[] minus = planes.clone();
                plus[idx] += h;
                minus[idx] -= h;
                double lp = loss(manager, plus, q, w, b, c, r);
                double lm = loss(manager, minus, q, w, b, c, r);
                double numeric = (lp - lm) / (2 * h);
                assertEquals(numeric, grad[idx], 1e-6, "d loss / d plane[" + idx + "]");
                gradNorm += Math.abs(grad[idx]);
                checked++;
            }
            assertTrue(checked > 50);
            assertTrue(gradNorm > 0, "gradient must reach the planes");
        }
    }

    private double loss(NDManager manager, double[] planes, NDArray q, NDArray w, int b, int c, int r) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray p = sub.create(planes, new Shape(b, 3, c, r, r));
            return sampler.sample(p, q).mul(w).sum().getDouble();
        }
    }

    @Test
    void pointsOutsideTheBoxSampleZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.ones(new Shape(1, 3, 2, 4, 4));
            NDArray q = manager.create(new float[] {3f, 0f, 0f, 0f, 0f, 0f, -3f, 2f, 5f}, new Shape(1, 3, 3));
            float[] out = sampler.sample(p, q).toFloatArray();
            // point 0: x far outside → planes XY and XZ give 0 (zero padding), ZY (z=0, y=0) gives 1
            assertEquals(1f, out[0], 1e-6);
            // point 1: centre → all three planes → 3
            assertEquals(3f, out[2], 1e-6);
            // point 2: outside everywhere → 0
            assertEquals(0f, out[4], 1e-6);
        }
    }

    @Test
    void chunkedPassesEqualOnePassWithGradients() {
        int c = 3, r = 6;
        int m = (int) TriPlaneSampler.POINTS_PER_PASS + 1234; // two passes
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            NDArray planes = manager.randomNormal(new Shape(1, 3, c, r, r));
            NDArray points = manager.randomUniform(-1.1f, 1.1f, new Shape(1, m, 3));
            NDArray w = manager.randomNormal(new Shape(1, m, c));
            // reference: the same points sampled in slices that each fit one pass
            int half = m / 2;
            planes.setRequiresGradient(true);
            NDArray whole;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                whole = sampler.sample(planes, points);
                gc.backward(whole.mul(w).sum());
            }
            NDArray gradWhole = planes.getGradient().duplicate();
            NDArray planes2 = planes.duplicate();
            planes2.setRequiresGradient(true);
            NDArray parts;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                parts = sampler.sample(planes2, points.get(":, 0:" + half))
                        .concat(sampler.sample(planes2, points.get(":, " + half + ":")), 1);
                gc.backward(parts.mul(w).sum());
            }
            assertEquals(new Shape(1, m, c), whole.getShape());
            assertTrue(whole.sub(parts).abs().max().getFloat() < 1e-6f);
            float scale = gradWhole.abs().max().getFloat();
            float gradDiff = gradWhole.sub(planes2.getGradient()).abs().max().getFloat();
            assertTrue(gradDiff <= 1e-5f * scale, "gradient difference " + gradDiff + " of " + scale);
            assertTrue(gradWhole.abs().sum().getFloat() > 0);
        }
    }

    @Test
    void aConstantWarpMovesEveryPointBackByIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            int r = 8;
            float[] d = {0.1f, -0.2f, 0.05f};
            float[] field = new float[2 * 3 * r * r];
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    java.util.Arrays.fill(field, (b * 3 + c) * r * r, (b * 3 + c + 1) * r * r, (b + 1) * d[c]);
                }
            }
            TriPlaneSampler.PlaneTable planes = sampler.table(m.zeros(new Shape(2, 3, 4, r, r)));
            TriPlaneSampler.PlaneTable warped = planes.withWarp(sampler.frontTable(m.create(field, new Shape(2, 3, r, r))), null);
            float[] p = {0.3f, 0.4f, -0.9f, -0.7f, 0.2f, 0.95f, 0, 0, 0, 0.5f, -0.5f, 0.5f};
            NDArray points = m.create(p, new Shape(2, 2, 3));
            float[] got = sampler.unwarp(warped, points).toFloatArray();
            for (int i = 0; i < p.length; i++) {
                int b = i / 6;
                assertEquals(p[i] - (b + 1) * d[i % 3], got[i], 1e-6, "coordinate " + i);
            }
            assertArrayEquals(p, sampler.unwarp(planes, points).toFloatArray(), "no warp: the points themselves");
        }
    }

    @Test
    void aFrontViewFieldReadsAsTheXyPlaneOfATriPlaneWithTheOthersZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xy = m.randomNormal(new Shape(2, 5, 7, 7));
            NDArray asTriPlane = xy.expandDims(1).concat(m.zeros(new Shape(2, 2, 5, 7, 7)), 1);
            NDArray points = m.randomUniform(-1.2f, 1.2f, new Shape(2, 40, 3));
            TriPlaneSampler.PlaneTable front = sampler.frontTable(xy);
            assertEquals(1, front.planeCount());
            assertEquals(3, sampler.table(asTriPlane).planeCount());
            assertArrayEquals(sampler.sample(asTriPlane, points).toFloatArray(), sampler.sample(front, points).toFloatArray(), 1e-6f);
        }
    }

    /**
     * The renderer's read of a warped table gives exactly the values and gradients of its parts: the
     * planes at the points moved back by the warp, plus the observed features at the points.
     */
    @Test
    void aWarpedReadIsThePlanesAtTheUnwarpedPointsPlusTheObservedFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray planes = m.randomNormal(new Shape(2, 3, 4, 8, 8));
            NDArray warp = m.randomUniform(-0.2f, 0.2f, new Shape(2, 3, 6, 6));
            NDArray observed = m.randomNormal(new Shape(2, 4, 6, 6));
            NDArray points = m.randomUniform(-1.1f, 1.1f, new Shape(2, 50, 3));
            NDArray[] grads = new NDArray[2];
            NDArray[] values = new NDArray[2];
            for (int k = 0; k < 2; k++) {
                NDArray obs = observed.duplicate();
                obs.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    TriPlaneSampler.PlaneTable table = sampler.table(planes);
                    TriPlaneSampler.PlaneTable o = sampler.frontTable(obs);
                    TriPlaneSampler.PlaneTable w = sampler.frontTable(warp);
                    NDArray f = k == 0
                            ? sampler.sampleWarped(table.withWarp(w, o), points)
                            : sampler.sample(table, points.sub(sampler.sample(w, points))).add(sampler.sample(o, points));
                    gc.backward(f.mul(f).sum());
                    values[k] = f;
                }
                grads[k] = obs.getGradient();
            }
            assertArrayEquals(values[1].toFloatArray(), values[0].toFloatArray(), 0f, "the same values");
            assertArrayEquals(grads[1].toFloatArray(), grads[0].toFloatArray(), 0f, "the same gradients");
            assertArrayEquals(sampler.sample(planes, points).toFloatArray(), sampler.sampleWarped(sampler.table(planes), points)
                    .toFloatArray(), 0f, "no warp: the planes at the points");
        }
    }
}
