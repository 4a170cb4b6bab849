package org.tri2plane.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;

/**
 * The convolution that PyTorch 2.3.1's oneDNN AVX-512 kernels get wrong: a 3x3 conv with 24
 * input channels (the tiny test config's first SR decoder layer) returned NaN for about one call
 * in seven on an AMD EPYC with AVX-512, the same weights and input. The launcher and the test JVMs
 * hold oneDNN to AVX2 (ONEDNN_MAX_CPU_ISA); on a CPU without AVX-512 this passes either way.
 */
class OneDnnConvolutionTest {

    @Test
    void aConvolutionGivesTheSameFiniteOutputEveryTime() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            ConvLayer conv = new ConvLayer(24, 8, 3, 1, Activation.LRELU);
            conv.setInitializer(new NormalInitializer(1f), ai.djl.nn.Parameter.Type.WEIGHT);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 24, 64, 64));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 24, 64, 64));
            float[] first = conv.apply(ps, false, x).toFloatArray();
            for (float v : first) {
                assertTrue(Float.isFinite(v), "a non-finite output value");
            }
            for (int call = 0; call < 60; call++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray y = conv.apply(ps, false, x);
                    float[] again = y.toFloatArray();
                    int differ = 0;
                    for (int i = 0; i < again.length; i++) {
                        if (Float.compare(again[i], first[i]) != 0) {
                            differ++;
                        }
                    }
                    assertEquals(0, differ, "call " + call + ": values differ from the first call (ONEDNN_MAX_CPU_ISA="
                            + System.getenv("ONEDNN_MAX_CPU_ISA") + ")");
                    y.close();
                }
            }
        }
    }
}
