package org.tri2plane.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.TestSupport;
import org.tri2plane.core.TinyModels;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.render.TriPlaneSampler.PlaneTable;

/**
 * Windows rendered together in one pass (the SR input's no-grad tiles) equal the same windows
 * rendered one by one, with jittered samples from per-frame seeds and with bin-centre samples.
 */
class BatchedWindowsTest {

    private static final Tri2PlaneConfig TINY = TestSupport.config("tiny");

    @Test
    void batchedWindowsEqualSeparateRenders() {
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(TINY, 4, m, 3);
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch plain = TinyModels.batch(model, ps, m, 2, 1, false);
            FrameBatch seeded = new FrameBatch(plain.condition(), plain.beta(), plain.gamma(), plain.cameras(),
                    plain.poses(), new long[] {11, 12}, plain.conditionFraming(), null, plain.warp());
            NDList planes = model.planes(ps, plain, false);
            PlaneTable table = model.table(planes.get(2));
            PatchLayout layout = new PatchLayout(TINY.frame().windowSize(), 0, 0);
            List<PixelWindow> windows = List.of(layout.tile(1), layout.tile(6), layout.tile(14));
            for (boolean stratified : new boolean[] {false, true}) {
                List<RenderedImage> together = model.render(ps, table, seeded.cameras(), seeded.poses(), windows,
                        false, stratified, seeded.sampleSeeds(), null);
                assertEquals(windows.size(), together.size());
                for (int i = 0; i < windows.size(); i++) {
                    RenderedImage alone = model.render(ps, table, seeded.cameras(), seeded.poses(), windows.get(i),
                            false, stratified, seeded.sampleSeeds());
                    assertClose(alone.features(), together.get(i).features());
                    assertClose(alone.mask(), together.get(i).mask());
                    assertClose(alone.depth(), together.get(i).depth());
                }
            }
            // the windows differ from each other, so equality above is not trivial
            assertTrue(model.render(ps, table, seeded.cameras(), seeded.poses(), windows, false, false, null, null)
                    .get(0).features().sub(model.render(ps, table, seeded.cameras(), seeded.poses(), windows, false,
                            false, null, null).get(1).features()).abs().max().getFloat() > 1e-4f);
        }
    }

    /** A tiny model, its parameter store, a batch and the finest tri-plane's table. */
    private record Setup(Tri2PlaneModel model, ParameterStore ps, FrameBatch batch, PlaneTable table) {
        static Setup of(NDManager m, long seed, int b) {
            Tri2PlaneModel model = TinyModels.model(TINY, 4, m, seed);
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch batch = TinyModels.batch(model, ps, m, b, seed, false);
            return new Setup(model, ps, batch, model.table(model.planes(ps, batch, false).get(2)));
        }
    }

    @Test
    void theSrInputsTilesShareAPassOnlyUpToItsPointBound() {
        long tinyTile = 32L * 32 * 16; // tiny.json: 128² window, 32² tiles, 16 samples a ray
        assertEquals(4, SrInput.tilesPerPass(tinyTile, 16), "an inference frame of tiny.json: 4 passes of 4 tiles");
        assertEquals(2, SrInput.tilesPerPass(2 * tinyTile, 16), "two frames at once: 2 tiles a pass");
        assertEquals(3, SrInput.tilesPerPass(tinyTile, 3), "a training step's 3 no-grad tiles: one pass");
        assertEquals(1, SrInput.tilesPerPass(128L * 128 * 64, 16), "paper.json's 128² tiles of 64 samples: one at a time");
        assertEquals(16, SrInput.tilesPerPass(16L * 16 * 16, 16), "a 64² window's tiles all together");
    }

    @Test
    void srInputIsTheSixteenTilesInPlace() {
        try (NDManager m = NDManager.newBaseManager()) {
            Setup s = Setup.of(m, 5, 2);
            Tri2PlaneModel model = s.model();
            ParameterStore ps = s.ps();
            FrameBatch batch = s.batch();
            PlaneTable table = s.table();
            int w = TINY.frame().windowSize();
            PatchLayout layout = new PatchLayout(w, 0, 0);
            NDArray sr = model.srInput(ps, table, batch, layout, -1, null, false, null);
            int t = w / 4;
            for (int tile : new int[] {0, 7, 9, 15}) {
                RenderedImage alone = model.render(ps, table, batch.cameras(), batch.poses(), layout.tile(tile),
                        false, false, null);
                int y = (tile / 4) * t;
                int x = (tile % 4) * t;
                assertClose(alone.features(), sr.get(":, :, " + y + ":" + (y + t) + ", " + x + ":" + (x + t)));
            }
        }
    }

    @Test
    void raysInEmptySpaceTakeTheEmptyValueAndTheOthersTheirFullRender() {
        Tri2PlaneConfig skipping = TINY.with("rendering.emptyOpacity=0.5");
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = TinyModels.model(skipping, 4, m, 7);
            ParameterStore ps = new ParameterStore(m, false);
            FrameBatch plain = TinyModels.batch(model, ps, m, 2, 7, false);
            FrameBatch batch = new FrameBatch(plain.condition(), plain.beta(), plain.gamma(), plain.cameras(),
                    plain.poses(), new long[] {21, 22}, plain.conditionFraming(), null, plain.warp());
            PlaneTable table = model.table(model.planes(ps, batch, false).get(2));
            int w = TINY.frame().windowSize();
            int cells = w / 4;
            PatchLayout layout = new PatchLayout(w, 0, 0);
            // the Φ128 opacity: one opaque probe ray per element, at (row, column) (2, 3) and (cells - 1, 0)
            float[] opacity = new float[2 * cells * cells];
            opacity[2 * cells + 3] = 0.9f;
            opacity[cells * cells + (cells - 1) * cells] = 0.6f;
            NDArray coarse = m.create(opacity, new ai.djl.ndarray.types.Shape(2, 1, cells, cells));
            for (boolean stratified : new boolean[] {false, true}) {
                NDArray full = model.srInput(ps, table, batch, layout, -1, null, stratified, null);
                NDArray sparse = model.srInput(ps, table, batch, layout, -1, null, stratified, coarse);
                assertEquals(full.getShape(), sparse.getShape());
                // element 0 keeps pixels y 4-15, x 8-19; element 1 y from 4·(cells - 2), x 0-7
                int[][] kept = {{4, 16, 8, 20}, {4 * (cells - 2), w, 0, 8}};
                for (int b = 0; b < 2; b++) {
                    int[] k = kept[b];
                    String region = b + ", :, " + k[0] + ":" + k[1] + ", " + k[2] + ":" + k[3];
                    assertClose(full.get(region), sparse.get(region));
                    NDArray outside = sparse.get(b).duplicate();
                    outside.set(new ai.djl.ndarray.index.NDIndex(":, " + k[0] + ":" + k[1] + ", " + k[2] + ":" + k[3]), 0f);
                    NDArray rgb = outside.get("0:3");
                    NDArray rest = outside.get("3:");
                    long inside = (long) (k[1] - k[0]) * (k[3] - k[2]);
                    // outside the kept region: background (1) in RGB, 0 in the other features
                    assertEquals(3L * (w * w - inside), rgb.eq(1f).sum().getLong(), "element " + b);
                    assertEquals(0f, rest.abs().max().getFloat(), "element " + b);
                    assertTrue(full.get(b).get("0:3").eq(1f).sum().getLong() < 3L * w * w / 2,
                            "the full render is not the empty value (so the comparison means something)");
                }
            }
        }
    }

    @Test
    void windowsWithDifferentGridsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Setup s = Setup.of(m, 3, 1);
            assertThrows(IllegalArgumentException.class, () -> s.model().render(s.ps(), s.table(), s.batch().cameras(),
                    s.batch().poses(),
                    List.of(PixelWindow.square(0, 0, 32, 1), PixelWindow.square(0, 0, 64, 1)), false, false, null, null));
        }
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff < 1e-5f, "max difference " + diff);
    }
}
