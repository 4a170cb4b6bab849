package org.tri2plane.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LpipsTest {

    /** A one-layer "backbone": 1x1 conv 3 → 2 (no bias), ReLU, tap; head weights (2, 3). */
    static LpipsWeights tiny() {
        LpipsWeights.Header h = new LpipsWeights.Header(LpipsWeights.FORMAT, 1, "custom",
                List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0),
                List.of(LpipsWeights.Layer.conv("c", 3, 2, 1, 1, 0), LpipsWeights.Layer.relu(), LpipsWeights.Layer.tap()),
                List.of(new LpipsWeights.Tensor("c.weight", List.of(2L, 3L, 1L, 1L)),
                        new LpipsWeights.Tensor("c.bias", List.of(2L)),
                        new LpipsWeights.Tensor("lin0.weight", List.of(1L, 2L, 1L, 1L))));
        Map<String, float[]> t = new LinkedHashMap<>();
        t.put("c.weight", new float[] {1, 0, 0, 0, 1, 0}); // feature 0 = R, feature 1 = G (of the [-1, 1] image)
        t.put("c.bias", new float[] {0, 0});
        t.put("lin0.weight", new float[] {2, 3});
        return new LpipsWeights(h, t);
    }

    @Test
    void tinyNetworkByHand(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("tiny.t2w");
        tiny().write(file);
        LpipsWeights read = LpipsWeights.read(file);
        try (NDManager m = NDManager.newBaseManager(); Lpips lpips = new Lpips(read, m)) {
            // one pixel. Image a = (1, 0.75, 0): in [-1, 1] (1, 0.5, −1) → features relu(1, 0.5) → unit (0.894, 0.447)
            // image b = (0.75, 1, 0): (0.5, 1, −1) → (0.5, 1) → unit (0.447, 0.894)
            // distance = 2·(0.894 − 0.447)² + 3·(0.447 − 0.894)² = 5 · 0.2 = 1.0
            NDArray a = m.create(new float[] {1f, 0.75f, 0f}, new Shape(1, 3, 1, 1));
            NDArray b = m.create(new float[] {0.75f, 1f, 0f}, new Shape(1, 3, 1, 1));
            double u = 2 / Math.sqrt(5);
            double v = 1 / Math.sqrt(5);
            double expected = 2 * (u - v) * (u - v) + 3 * (v - u) * (v - u);
            assertEquals(expected, lpips.distance(a, b).getFloat(0), 1e-6);
            assertEquals(0.0, lpips.distance(a, a).getFloat(0), 1e-9);
            // spatial mean over a 2 x 1 image with one differing pixel halves it
            NDArray a2 = m.create(new float[] {1f, 1f, 0.75f, 0.75f, 0f, 0f}, new Shape(1, 3, 2, 1));
            NDArray b2 = m.create(new float[] {0.75f, 1f, 1f, 0.75f, 0f, 0f}, new Shape(1, 3, 2, 1));
            assertEquals(expected / 2, lpips.distance(a2, b2).getFloat(0), 1e-6);
            assertEquals("custom", lpips.backbone());
        }
    }

    @Test
    void notAWeightFileIsNamed(@TempDir Path tmp) throws IOException {
        Path bad = Files.writeString(tmp.resolve("vgg.pth"), "PK not ours");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LpipsWeights.read(bad));
        assertTrue(e.getMessage().contains("vgg.pth") && e.getMessage().contains("export_lpips_weights"), e.getMessage());
        Path file = tmp.resolve("t.t2w");
        tiny().write(file);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 3));
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> LpipsWeights.read(file));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
    }
}
