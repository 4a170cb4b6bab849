package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.LossConfig;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;

/** Eq. 13 against hand-computed values on 2 x 2 images. */
class Tri2PlaneLossTest {

    /** A stand-in perceptual distance with an obvious value: the mean squared difference. */
    private static final PerceptualLoss MSE = new PerceptualLoss() {
        @Override
        public String name() {
            return "mse";
        }

        @Override
        public NDArray loss(NDArray sr, NDArray target) {
            return sr.sub(target).square().mean();
        }
    };

    /** 4 feature channels; RGB = the first 3, the 4th set to 100 so that counting it would show. */
    private static NDArray features(NDManager m, float[] rgbPixels) {
        float[] f = new float[4 * 4];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(rgbPixels, 0, f, c * 4, 4);
        }
        for (int i = 12; i < 16; i++) {
            f[i] = 100;
        }
        return m.create(f, new Shape(1, 4, 2, 2));
    }

    @Test
    void termsMatchHandComputedValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            // rendered RGB per scale; the targets are 0.4, 0.5, 0.6 everywhere
            float[][] rgb = {{0.2f, 0.6f, 0.2f, 0.6f}, {0.5f, 0.5f, 0.5f, 0.5f}, {0.9f, 0.9f, 0.9f, 0.9f}};
            float[] target = {0.4f, 0.5f, 0.6f};
            float[] mask = {0.5f, 1f, 0.8f};
            List<RenderedImage> scales = new ArrayList<>();
            NDArray[] targetRgb = new NDArray[3];
            NDArray[] targetMask = new NDArray[3];
            for (int s = 0; s < 3; s++) {
                scales.add(new RenderedImage(features(m, rgb[s]), m.full(new Shape(1, 1, 2, 2), mask[s]), m.zeros(new Shape(1, 1, 2, 2))));
                targetRgb[s] = m.full(new Shape(1, 3, 2, 2), target[s]);
                targetMask[s] = m.ones(new Shape(1, 1, 2, 2));
            }
            NDArray sr = m.full(new Shape(1, 3, 4, 4), 0.3f);
            NDArray window = m.full(new Shape(1, 3, 4, 4), 0.5f);
            PatchLayout whole = new PatchLayout(16, 0, 0);
            TrainingForward out = new TrainingForward(new NDList(), scales, null, sr, whole, whole.srWindow(4), null);
            LossConfig config = new LossConfig(List.of(1.0, 0.5, 2.0), 1.0, 0.1, 0.25, 1.0);
            LossTerms terms = new Tri2PlaneLoss(config, MSE).of(out, new StepTargets(targetRgb, targetMask, window));
            Map<String, Float> v = terms.values();
            assertEquals(0.2, v.get("rgb0"), 1e-6, "1 x mean |±0.2|");
            assertEquals(0.0, v.get("rgb1"), 1e-6);
            assertEquals(0.6, v.get("rgb2"), 1e-6, "2 x 0.3");
            assertEquals(0.04, v.get("perceptual"), 1e-6, "1 x (0.3 - 0.5)²");
            assertEquals(0.029, v.get("mask"), 1e-6, "0.1 x (0.25 + 0 + 0.04)");
            assertEquals(0.05, v.get("srL1"), 1e-6, "0.25 x 0.2");
            assertEquals(0.919, terms.total().getFloat(), 1e-6);
            LossTerms paper = new Tri2PlaneLoss(new LossConfig(List.of(1.0, 1.0, 1.0), 1.0, 0.1, 0.0, 1.0), MSE)
                    .of(out, new StepTargets(targetRgb, targetMask, window));
            assertFalse(paper.values().containsKey("srL1"), "the paper has no SR L1 term");
            assertEquals(0.2 + 0 + 0.3 + 0.04 + 0.029, paper.total().getFloat(), 1e-6);

            // region weights: one of the four pixels of each scale (and 4 of the 16 SR pixels) weighted 10
            NDArray[] weights = new NDArray[3];
            for (int s = 0; s < 3; s++) {
                weights[s] = m.create(new float[] {10, 1, 1, 1}, new Shape(1, 1, 2, 2));
            }
            float[] srw = new float[16];
            java.util.Arrays.fill(srw, 1);
            srw[0] = srw[1] = srw[4] = srw[5] = 10;
            LossConfig weighted = new LossConfig(List.of(1.0, 0.5, 2.0), 1.0, 0.1, 0.25, 10.0);
            Map<String, Float> w = new Tri2PlaneLoss(weighted, MSE).of(out,
                    new StepTargets(targetRgb, targetMask, window, weights, m.create(srw, new Shape(1, 1, 4, 4)))).values();
            assertEquals(0.2 * 13 / 4, w.get("rgb0"), 1e-6, "mean of |±0.2| weighted 10, 1, 1, 1");
            assertEquals(2 * 0.3 * 13 / 4, w.get("rgb2"), 1e-6);
            assertEquals(0.25 * 0.2 * (4 * 10 + 12) / 16, w.get("srL1"), 1e-6);
            assertEquals(0.04, w.get("perceptual"), 1e-6, "the perceptual term is not weighted");
        }
    }

    @Test
    void srTermsCompareOnlyTheBlockTheStepSuperResolved() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<RenderedImage> scales = new ArrayList<>();
            NDArray[] targetRgb = new NDArray[3];
            NDArray[] targetMask = new NDArray[3];
            for (int s = 0; s < 3; s++) {
                scales.add(new RenderedImage(m.full(new Shape(1, 4, 4, 4), 0.5f), m.ones(new Shape(1, 1, 4, 4)),
                        m.zeros(new Shape(1, 1, 4, 4))));
                targetRgb[s] = m.full(new Shape(1, 3, 4, 4), 0.5f);
                targetMask[s] = m.ones(new Shape(1, 1, 4, 4));
            }
            // window 16: tile 5 is column 1, row 1; quadrant 0 keeps the 2 x 2 block's origin there: pixels [4, 12)²
            PatchLayout layout = new PatchLayout(16, 0, 5);
            float[] truth = new float[3 * 16 * 16];
            float[] weight = new float[16 * 16];
            java.util.Arrays.fill(weight, 1);
            for (int c = 0; c < 3; c++) {
                for (int y = 4; y < 12; y++) {
                    for (int x = 4; x < 12; x++) {
                        truth[c * 256 + y * 16 + x] = 0.5f; // 0 outside the block
                    }
                }
            }
            weight[4 * 16 + 4] = 10; // the block's first pixel
            weight[0] = 1000; // outside the block: must not count
            NDArray sr = m.full(new Shape(1, 3, 8, 8), 0.3f);
            TrainingForward out = new TrainingForward(new NDList(), scales, null, sr, layout, layout.srWindow(2), null);
            LossConfig config = new LossConfig(List.of(1.0, 1.0, 1.0), 1.0, 0.1, 0.25, 10.0);
            NDArray[] flat = {m.ones(new Shape(1, 1, 4, 4)), m.ones(new Shape(1, 1, 4, 4)), m.ones(new Shape(1, 1, 4, 4))};
            Map<String, Float> v = new Tri2PlaneLoss(config, MSE).of(out, new StepTargets(targetRgb, targetMask,
                    m.create(truth, new Shape(1, 3, 16, 16)), flat, m.create(weight, new Shape(1, 1, 16, 16)))).values();
            // the block is a quarter of the window: each term counts a quarter
            assertEquals(0.25 * 0.04, v.get("perceptual"), 1e-6, "(0.3 - 0.5)² inside the block, not (0.3 - 0)² outside it");
            assertEquals(0.25 * 0.25 * 0.2 * (10 + 63) / 64, v.get("srL1"), 1e-6, "the block's weights, not the window's");
        }
    }
}
