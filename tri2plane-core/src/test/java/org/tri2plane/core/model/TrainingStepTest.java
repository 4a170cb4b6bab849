package org.tri2plane.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.util.Scalars;

/** One full tiny-config training step: shapes, gradients everywhere, and no native leak. */
class TrainingStepTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny");

    /** L1 of each scale's RGB and of the SR image against grey, L2 of each mask against 1. */
    private static NDArray loss(TrainingForward out) {
        NDArray total = Scalars.sub(out.superResolved(), 0.5).abs().mean();
        for (RenderedImage s : out.scales()) {
            total = total.add(Scalars.sub(s.rgb(), 0.5).abs().mean())
                    .add(Scalars.mul(Scalars.sub(s.mask(), 1).square().mean(), 0.1));
        }
        return total;
    }

    @Test
    void forwardShapesAndGradientsReachEveryBlock() {
        // the whole window super-resolved, as the paper (the block of tiny.json: the test below)
        Tri2PlaneConfig whole = new org.tri2plane.core.config.ConfigLoader().with(TINY, List.of("superResolution.trainingTiles=4"));
        int w = whole.frame().windowSize();
        int f = whole.field().featureChannels();
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(whole, 3, root, 1);
            ParameterStore ps = new ParameterStore(root, false);
            try (NDManager step = root.newSubManager(); NDScope scope = new NDScope()) {
                TrainingForward out;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    FrameBatch batch = TinyModels.batch(model, ps, step, 2, 1, true);
                    out = model.trainingForward(ps, batch, new PatchLayout(w, 2, 9), true);
                    gc.backward(loss(out));
                }
                List<Integer> res = TINY.generator().planeResolutions();
                for (int s = 0; s < 3; s++) {
                    assertEquals(new Shape(2, 3, TINY.generator().planeChannels(), res.get(s), res.get(s)),
                            out.planes().get(s).getShape());
                    RenderedImage img = out.scales().get(s);
                    assertEquals(new Shape(2, f, w / 4, w / 4), img.features().getShape());
                    assertEquals(new Shape(2, 1, w / 4, w / 4), img.mask().getShape());
                    assertEquals(new Shape(2, 1, w / 4, w / 4), img.depth().getShape());
                }
                assertEquals(new Shape(2, f, w, w), out.srInput().getShape());
                int sr = TINY.superResolution().outputResolution();
                assertEquals(new Shape(2, 3, sr, sr), out.superResolved().getShape());
                // the active tile (9: row 2, column 1) of the SR input is the Φ512 render itself
                NDArray tile = out.srInput().get(":, :, " + (2 * w / 4) + ":" + (3 * w / 4) + ", " + (w / 4) + ":" + (w / 2));
                assertEquals(0f, tile.sub(out.scales().get(2).features()).abs().max().getFloat(), 0f);

                // At initialisation the SR's RGB convs are zero (the SR stage is the identity), and so are
                // the aligned conditioning's heads, so the layers before them have no gradient yet; the
                // zero layers themselves do.
                Map<String, String> blocks = BlockParameters.blocks(model);
                for (String name : withoutGradient(model)) {
                    String block = blocks.get(name);
                    assertTrue("sr".equals(block) || "aligned".equals(block),
                            "parameter without gradient outside the SR stage and the aligned trunk: " + name);
                    assertTrue(!name.contains("rgb") && !name.contains("head"), "a zero layer must receive gradient: " + name);
                }
                try (Adam adam = new Adam(model.namedParameters(), root, 1e-3, 0.9, 0.999, 1e-8)) {
                    adam.update();
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    FrameBatch batch = TinyModels.batch(model, ps, step, 2, 1, true);
                    gc.backward(loss(model.trainingForward(ps, batch, new PatchLayout(w, 2, 9), true)));
                }
                List<String> without = withoutGradient(model);
                assertTrue(without.isEmpty(), "parameters without gradient after one update: " + without);
            }
        }
    }

    @Test
    void withOnePlaneInUseEveryScaleRendersFromThe128Plane() {
        Tri2PlaneConfig one = new org.tri2plane.core.config.ConfigLoader().load(TestSupport.configsDir().resolve("tiny.json"),
                List.of("generator.usedPlanes=1"));
        assertEquals(List.of(0, 0, 0), List.of(one.generator().planeOfScale(0), one.generator().planeOfScale(1),
                one.generator().planeOfScale(2)));
        Tri2PlaneConfig two = new org.tri2plane.core.config.ConfigLoader().load(TestSupport.configsDir().resolve("tiny.json"),
                List.of("generator.usedPlanes=2"));
        assertEquals(List.of(0, 1, 1), List.of(two.generator().planeOfScale(0), two.generator().planeOfScale(1),
                two.generator().planeOfScale(2)));
        PatchLayout layout = new PatchLayout(one.frame().windowSize(), 1, 6);
        noGradForward(one, layout, (model, ps, batch, out) -> {
            var coarse = model.table(out.planes().get(0));
            for (int s = 0; s < 3; s++) {
                RenderedImage direct = model.render(ps, coarse, batch.cameras(), batch.poses(), layout.scale(s), true, false,
                        batch.sampleSeeds());
                assertEquals(0f, direct.features().sub(out.scales().get(s).features()).abs().max().getFloat(), 1e-5f, "scale " + s);
            }
            RenderedImage fine = model.render(ps, model.table(out.planes().get(2)), batch.cameras(), batch.poses(), layout.scale(2),
                    true, false, batch.sampleSeeds());
            assertTrue(fine.features().sub(out.scales().get(2).features()).abs().max().getFloat() > 1e-4f,
                    "the unused Φ512 plane renders differently, so the check above can fail");
        });
    }

    /** What a test checks of one non-stratified, no-grad training forward pass. */
    private interface ForwardCheck {
        void check(Tri2PlaneModel model, ParameterStore ps, FrameBatch batch, TrainingForward out);
    }

    /** A fresh tiny model with 3 frames, one frame's forward pass at {@code layout}, and {@code check} of it. */
    private static void noGradForward(Tri2PlaneConfig config, PatchLayout layout, ForwardCheck check) {
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(config, 3, root, 1);
            ParameterStore ps = new ParameterStore(root, false);
            try (NDManager step = root.newSubManager(); NDScope scope = new NDScope();
                    org.tri2plane.core.util.NoGrad g = org.tri2plane.core.util.NoGrad.enter()) {
                FrameBatch batch = TinyModels.batch(model, ps, step, 1, 1, false);
                check.check(model, ps, batch, model.trainingForward(ps, batch, layout, false));
            }
        }
    }

    @Test
    void aTrainingBlockOfSrTilesIsThatPartOfTheWholeSrInput() {
        Tri2PlaneConfig block = new org.tri2plane.core.config.ConfigLoader().with(TINY, List.of("superResolution.trainingTiles=2"));
        int w = block.frame().windowSize();
        int t = w / 4;
        PatchLayout layout = new PatchLayout(w, 1, 6); // tile: column 2, row 1; quadrant column 1 moves the block left
        noGradForward(block, layout, (model, ps, batch, out) -> {
            assertEquals(org.tri2plane.core.geometry.PixelWindow.square(t, t, 2 * t, 1), out.srWindow());
            assertEquals(new Shape(1, block.field().featureChannels(), 2 * t, 2 * t), out.srInput().getShape());
            int sr = block.superResolution().outputResolution() / 2;
            assertEquals(new Shape(1, 3, sr, sr), out.superResolved().getShape());
            NDArray whole = model.srInput(ps, model.table(out.planes().get(2)), batch, layout, -1, null, false,
                    out.scales().get(0).mask());
            NDArray part = whole.get(":, :, " + t + ":" + 3 * t + ", " + t + ":" + 3 * t);
            assertEquals(0f, part.sub(out.srInput()).abs().max().getFloat(), 1e-5f, "the block is the whole input's part");
            NDArray active = out.srInput().get(":, :, 0:" + t + ", " + t + ":" + 2 * t);
            assertEquals(0f, active.sub(out.scales().get(2).features()).abs().max().getFloat(), 0f,
                    "the Φ512 tile sits at its place in the block");
        });
    }

    private static List<String> withoutGradient(Tri2PlaneModel model) {
        List<String> without = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray g = e.getValue().getArray().getGradient();
            if (!(g.abs().sum().getFloat() > 0)) {
                without.add(e.getKey());
            }
        }
        return without;
    }

    @Test
    void nativeArraysDoNotGrowOverTrainingSteps() {
        int w = TINY.frame().windowSize();
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 4, root, 2);
            ParameterStore ps = new ParameterStore(root, false);
            try (Adam adam = new Adam(model.namedParameters(), root, 1e-3, 0.9, 0.999, 1e-8)) {
                SplittableRandom random = new SplittableRandom(3);
                int after10 = -1;
                int system10 = -1;
                float first = Float.NaN;
                float last = Float.NaN;
                for (int i = 1; i <= 200; i++) {
                    try (NDManager step = root.newSubManager(); NDScope scope = new NDScope()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            FrameBatch batch = TinyModels.batch(model, ps, step, 1, i % 4, true);
                            NDArray loss = loss(model.trainingForward(ps, batch, PatchLayout.random(w, random), true));
                            gc.backward(loss);
                            last = loss.getFloat();
                            if (i == 1) {
                                first = last;
                            }
                        }
                        adam.update();
                    }
                    if (i == 10) {
                        after10 = root.getManagedArrays().size();
                        system10 = root.getParentManager().getManagedArrays().size();
                    }
                }
                assertEquals(after10, root.getManagedArrays().size(), "arrays under the root manager");
                assertEquals(system10, root.getParentManager().getManagedArrays().size(),
                        "arrays under the system manager");
                assertTrue(Float.isFinite(last));
                assertTrue(last < first, "the loss should fall on a fixed target: " + first + " -> " + last);
            }
        }
    }
}
