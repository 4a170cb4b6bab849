package org.tri2plane.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;

class ImageMetricsTest {

    @Test
    void psnrByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.full(new Shape(2, 3, 8, 8), 0.5f);
            NDArray b = m.full(new Shape(2, 3, 8, 8), 0.6f);
            float[] p = ImageMetrics.psnr(a, b).toFloatArray();
            assertEquals(20.0, p[0], 1e-4); // MSE 0.01
            assertEquals(Float.POSITIVE_INFINITY, ImageMetrics.psnr(a, a).getFloat(0));
        }
    }

    @Test
    void ssimOfIdenticalImagesIsOneAndMatchesScikitImage() {
        JsonNode f = TestSupport.fixture("ssim_skimage.json");
        int h = f.get("height").asInt();
        int w = f.get("width").asInt();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(TestSupport.doubles(f.get("a_hwc")), new Shape(1, h, w, 3)).transpose(0, 3, 1, 2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            NDArray b = m.create(TestSupport.doubles(f.get("b_hwc")), new Shape(1, h, w, 3)).transpose(0, 3, 1, 2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            assertEquals(1.0, ImageMetrics.ssim(a, a).getFloat(0), 1e-6);
            assertEquals(f.get("ssim").asDouble(), ImageMetrics.ssim(a, b).getFloat(0), 1e-4);
            assertEquals(1.0, ImageMetrics.msssim(a, a).getFloat(0), 1e-5);
        }
    }

    @Test
    void msssimFallsWithNoiseAndUsesTheScalesThatFit() {
        assertEquals(4, ImageMetrics.msssimLevels(128));
        assertEquals(5, ImageMetrics.msssimLevels(512));
        assertEquals(1, ImageMetrics.msssimLevels(20));
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray a = m.randomUniform(0.2f, 0.8f, new Shape(1, 3, 128, 128));
            NDArray small = a.add(m.randomNormal(0f, 0.02f, a.getShape(), a.getDataType()));
            NDArray large = a.add(m.randomNormal(0f, 0.2f, a.getShape(), a.getDataType()));
            float s1 = ImageMetrics.msssim(a, small).getFloat(0);
            float s2 = ImageMetrics.msssim(a, large).getFloat(0);
            assertTrue(s1 < 1 && s2 < s1 && s2 > 0, s1 + " " + s2);
            // usable as a loss: finite gradient
            NDArray x = large.duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ImageMetrics.msssim(x, a).neg().sum());
            }
            NDArray g = x.getGradient();
            assertTrue(!g.isNaN().any().getBoolean() && g.abs().sum().getFloat() > 0);
        }
    }

    @Test
    void sharpnessDifferenceByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 1 channel, 3 x 3; interior pixels are (1,1), (1,2), (2,1), (2,2): N = 4
            NDArray truth = m.create(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0}, new Shape(1, 1, 3, 3));
            NDArray gen = m.zeros(new Shape(1, 1, 3, 3));
            // truth: ∇m+∇n at (1,1) = |1−0| + |1−0| = 2; (1,2): |0−0| + |0−1| = 1; (2,1): |0−1| + 0 = 1; (2,2): 0
            // generated: all 0. Σ |0 − g| = 4 → SD = 10·log10(4 / 4) = 0
            assertEquals(0.0, ImageMetrics.sharpnessDifference(gen, truth).getFloat(0), 1e-5);
            NDArray half = truth.mul(0.5f); // Σ |(half) − (full)| = 2 → 10·log10(4/2) ≈ 3.0103
            assertEquals(10 * Math.log10(2), ImageMetrics.sharpnessDifference(half, truth).getFloat(0), 1e-4);
            assertEquals(Float.POSITIVE_INFINITY, ImageMetrics.sharpnessDifference(truth, truth).getFloat(0));
        }
    }
}
