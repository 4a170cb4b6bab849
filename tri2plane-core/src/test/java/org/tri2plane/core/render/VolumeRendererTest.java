package org.tri2plane.core.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.RayBundle;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.nn.SharedNerfMlp;

class VolumeRendererTest {

    @Test
    void twoSamplesByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // One ray, two samples, σ = (0.5, 2), δ = 0.4, features f1 = (1, 0), f2 = (0, 1), t = (0.2, 0.6)
            NDArray sigma = m.create(new float[] {0.5f, 2f}, new Shape(1, 1, 2, 1));
            NDArray feats = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 1, 2, 2));
            RaySamples s = new RaySamples(
                    m.create(new float[] {0.2f, 0.6f}, new Shape(1, 1, 2, 1)), m.create(new float[] {0.4f}, new Shape(1, 1, 1)));
            Composite c = new VolumeRenderer().composite(sigma, feats, s);
            double w1 = 1 - Math.exp(-0.2);
            double w2 = Math.exp(-0.2) * (1 - Math.exp(-0.8));
            assertArrayEquals(new float[] {(float) w1, (float) w2}, c.features().toFloatArray(), 1e-6f);
            assertEquals(w1 + w2, c.mask().getFloat(), 1e-6);
            assertEquals(1 - Math.exp(-1.0), c.mask().getFloat(), 1e-6); // 1 − exp(−Σ σδ)
            assertEquals(0.2 * w1 + 0.6 * w2, c.depth().getFloat(), 1e-6);
        }
    }

    @Test
    void constantDensityBoxMatchesClosedForm() {
        // Through the whole pipeline: with the MLP's weights zeroed, the density is the same
        // constant σ everywhere in the box, so each ray's mask is 1 − exp(−σ·d) with d its chord.
        Tri2PlaneConfig config = TestSupport.config("tiny");
        double sigma = 0.7;
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(config, 1, m, 1);
            SharedNerfMlp mlp = model.mlp();
            for (var p : mlp.getParameters()) {
                p.getValue().getArray().muli(0);
            }
            // σ = softplus(raw − 1) with raw = density bias b: b = 1 + log(e^σ − 1)
            mlp.getParameters().stream()
                    .filter(p -> p.getKey().endsWith("density_bias"))
                    .findFirst()
                    .orElseThrow()
                    .getValue()
                    .getArray().addi((float) (1 + Math.log(Math.expm1(sigma))));
            ParameterStore ps = new ParameterStore(m, false);
            Camera cam = TinyModels.frameCamera(config);
            Pose pose = Pose.yaw(0.35, 0.1, 0, 5);
            PixelWindow win = PixelWindow.square(0, 0, config.frame().frameSize(), 8);
            NDArray planes = m.randomNormal(new Shape(1, 3, config.generator().planeChannels(), 8, 8));
            RenderedImage img = model.render(ps, planes, List.of(cam), List.of(pose), win, false, true);
            RayBundle rays = model.rayGenerator().generate(m, List.of(cam), List.of(pose), win);
            float[] mask = img.mask().toFloatArray();
            float[] rgb = img.rgb().toFloatArray();
            float[] near = rays.near().toFloatArray();
            float[] far = rays.far().toFloatArray();
            int hits = 0;
            for (int i = 0; i < mask.length; i++) {
                double d = far[i] - near[i];
                assertEquals(1 - Math.exp(-sigma * d), mask[i], 1e-5, "ray " + i);
                if (d > 0) {
                    hits++;
                } else {
                    // a ray that misses the box shows the background (white in the configs)
                    for (int c = 0; c < 3; c++) {
                        assertEquals(1f, rgb[c * mask.length + i], 1e-6f);
                    }
                }
            }
            assertEquals(win.rayCount(), mask.length);
            // the box is in view: most rays cross it, some miss (mask 0)
            org.junit.jupiter.api.Assertions.assertTrue(hits > mask.length / 4 && hits < mask.length);
        }
    }
}
