package org.tri2plane.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.MappingConfig;

/** StyleGAN2's mapping network: normalised embedding, equalised rate with a multiplier. */
class MappingNetworkTest {

    @Test
    void secondMomentNormalisationByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // mean(x²) of (3, 4) is 12.5: the result is (3, 4) / √12.5
            NDArray x = m.create(new float[] {3f, 4f, 0f, 2f}, new Shape(2, 2));
            float[] y = MappingNetwork.normaliseSecondMoment(x).toFloatArray();
            double s = Math.sqrt(12.5);
            assertArrayEquals(new float[] {(float) (3 / s), (float) (4 / s), 0f, (float) (2 / Math.sqrt(2))}, y, 1e-5f);
        }
    }

    @Test
    void theStyleDoesNotDependOnTheEmbeddingsScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            MappingNetwork net = new MappingNetwork(8 + 4, new MappingConfig(4, 16, 16, 0.01));
            net.initialize(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray e = m.randomNormal(new Shape(2, 8));
            NDArray beta = m.randomNormal(new Shape(2, 4));
            float[] a = net.forward(ps, new NDList(e, beta), false).singletonOrThrow().toFloatArray();
            float[] b = net.forward(ps, new NDList(e.mul(25f), beta), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(a, b, 1e-4f, "an embedding 25x larger gives the same style");
        }
    }

    @Test
    void theMultiplierKeepsTheFunctionAndScalesTheStoredWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            DenseLayer layer = new DenseLayer(4, 3, Activation.NONE, 0.5f, 0.01f);
            layer.initialize(m);
            ParameterStore ps = new ParameterStore(m, false);
            float[] w = new float[12];
            for (int i = 0; i < w.length; i++) {
                w[i] = 100f * (i - 6); // stored weights: about 1/m = 100 times the effective ones
            }
            layer.getParameters().get("weight").getArray().set(w);
            assertEquals(50f, layer.getParameters().get("bias").getArray().toFloatArray()[0], 1e-4f, "bias stored as b / m");
            NDArray x = m.create(new float[] {1f, 2f, 3f, 4f}, new Shape(1, 4));
            float[] y = layer.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            for (int o = 0; o < 3; o++) {
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    sum += w[o * 4 + i] * 0.01 / Math.sqrt(4) * (i + 1);
                }
                assertEquals(sum + 0.5, y[o], 1e-4, "output " + o + " = (m/√in) W x + m b");
            }
        }
    }
}
