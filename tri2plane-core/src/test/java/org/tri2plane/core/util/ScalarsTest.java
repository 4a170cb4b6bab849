package org.tri2plane.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    @Test
    void scalarFactorsSurviveGarbageCollectionBeforeBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 10; trial++) {
                NDArray x = m.create(new float[] {1f, -2f, 3f});
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    // d/dx Σ (3x / 2)^2 = 2 · (3x/2) · 3/2 = 4.5 x
                    NDArray y = Scalars.pow(Scalars.div(Scalars.mul(x, 3), 2), 2).sum();
                    churnDirectMemory();
                    gc.backward(y);
                }
                assertArrayEquals(new float[] {4.5f, -9f, 13.5f}, x.getGradient().toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void arithmeticByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {2f, 4f});
            assertArrayEquals(new float[] {5f, 7f}, Scalars.add(x, 3).toFloatArray());
            assertArrayEquals(new float[] {-1f, 1f}, Scalars.sub(x, 3).toFloatArray());
            assertArrayEquals(new float[] {1f, -1f}, Scalars.rsub(3, x).toFloatArray());
            assertArrayEquals(new float[] {1f, 2f}, Scalars.div(x, 2).toFloatArray());
            assertArrayEquals(new float[] {0.5f, 0.25f}, Scalars.pow(x, -1).toFloatArray(), 1e-7f);
        }
    }

    /** Frees and reallocates direct buffers so that memory released by the JVM gets reused. */
    private static void churnDirectMemory() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4096);
            for (int j = 0; j < 4096; j += 4) {
                b.putFloat(j, Float.NaN);
            }
            if (i % 2 == 0) {
                keep.add(b);
            }
        }
        System.gc();
        keep.clear();
    }
}
