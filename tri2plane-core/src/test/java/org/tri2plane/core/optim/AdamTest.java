package org.tri2plane.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void threeStepsMatchHandComputedUpdates() {
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("p").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(2)).optInitializer(new ConstantInitializer(1f)).build();
            p.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
            p.getArray().set(new float[] {1f, -2f});
            try (Adam adam = new Adam(Map.of("p", p), manager, lr, b1, b2, eps)) {
                double[] theta = {1, -2};
                double[] m = new double[2];
                double[] v = new double[2];
                for (int t = 1; t <= 3; t++) {
                    // loss = Σ θ³ → g = 3θ², as θ·θ·θ: pow's backward with a negative base came back NaN once (CI, the
                    // first test of its JVM, 2026-12-08), and nothing in the product raises a negative number to a power
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray x = p.getArray();
                        gc.backward(x.mul(x).mul(x).sum());
                    }
                    adam.update();
                    for (int i = 0; i < 2; i++) {
                        double g = 3 * theta[i] * theta[i];
                        m[i] = b1 * m[i] + (1 - b1) * g;
                        v[i] = b2 * v[i] + (1 - b2) * g * g;
                        double mh = m[i] / (1 - Math.pow(b1, t));
                        double vh = v[i] / (1 - Math.pow(b2, t));
                        theta[i] -= lr * mh / (Math.sqrt(vh) + eps);
                    }
                    float[] got = p.getArray().toFloatArray();
                    assertArrayEquals(new float[] {(float) theta[0], (float) theta[1]}, got, 1e-5f, "step " + t);
                    // gradients are zeroed after each update
                    assertEquals(0f, p.getArray().getGradient().abs().sum().getFloat());
                }
                assertEquals(3, adam.stepCount());
            }
        }
    }

    @Test
    void aBlockRateMultiplierScalesItsParametersSteps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = Parameter.builder().setName("a").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1)).optInitializer(new ConstantInitializer(1f)).build();
            Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1)).optInitializer(new ConstantInitializer(1f)).build();
            a.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
            b.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
            try (Adam adam = new Adam(Map.of("a", a, "b", b), Map.of("b", 4.0), manager, 0.01, 0.9, 0.999, 1e-8)) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(a.getArray().mul(3).add(b.getArray().mul(3)).sum());
                }
                adam.update();
                // Adam's first step is lr · g / |g| = lr: 0.01 for a, 4 x 0.01 for b
                assertEquals(1 - 0.01, a.getArray().getFloat(), 1e-6);
                assertEquals(1 - 0.04, b.getArray().getFloat(), 1e-6);
                adam.setLearningRate(0.001);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(a.getArray().mul(3).add(b.getArray().mul(3)).sum());
                }
                adam.update();
                // constant gradient: m̂ / √v̂ = 1 again, so the step is the new rate (x 4 for b)
                assertEquals(1 - 0.01 - 0.001, a.getArray().getFloat(), 1e-6);
                assertEquals(1 - 0.04 - 0.004, b.getArray().getFloat(), 1e-6);
            }
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new Adam(Map.of("a", a), Map.of("nope", 2.0), manager, 0.01, 0.9, 0.999, 1e-8));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
    }
}
