package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.geometry.RaySelection;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.render.TriPlaneSampler.PlaneTable;
import org.tri2plane.core.util.NoGrad;

/**
 * The input of the super-resolution stage (Sec. 3.3): the [B, F, W, W] feature image of the finest
 * tri-plane at stride 1, assembled from a 4 x 4 grid of tiles. In training one tile is the Φ512
 * render with gradient and the others are rendered under {@link NoGrad}; in inference all 16
 * are. With superResolution.trainingTiles = k &lt; 4 a training step assembles only the k x k tiles
 * of {@link PatchLayout#srTiles(int)} ([B, F, kW/4, kW/4]). With {@code rendering.emptyOpacity} &gt; 0
 * and the window's Φ128 opacity, the rays of the no-grad tiles in empty space are not traced
 * ({@link RaySelection}).
 */
final class SrInput {

    /** Tiles per side of the SR input (4 x 4 = 16 patches). */
    static final int TILES = 4;

    /**
     * Sample points per pass when the no-grad tiles are rendered together: small tiles share a
     * pass (fewer, larger operations), large ones go one at a time. A pass's working set (the
     * gathered corner rows, the MLP's activations) lives until the pass ends, so this bounds the
     * render's memory: tiny.json's inference frame (16 tiles of 32² rays, 16 samples each) in 4
     * passes peaks at 735-761 MB resident in bench-step, in one pass (2^19) at 1,249-1,292 MB, at
     * the same speed (docs/benchmarks.md).
     */
    static final long TILE_POINTS_PER_PASS = 1L << 16;

    private SrInput() {}

    /**
     * Renders the SR input of {@code layout}'s window with {@code model}'s finest tri-plane table:
     * the {@code k} x {@code k} tiles of {@link PatchLayout#srTiles(int)} (k = 4: the whole window).
     * Tile {@code activeTile} is {@code activeFeatures} (-1 and null: render all); {@code
     * coarseMask} [B, 1, W/4, W/4] is the render of {@link PatchLayout#coarse()} (null: trace every ray).
     */
    static NDArray render(Tri2PlaneModel model, ParameterStore ps, PlaneTable finest, FrameBatch batch, PatchLayout layout,
            int k, int activeTile, NDArray activeFeatures, boolean stratified, NDArray coarseMask) {
        double threshold = model.config().rendering().emptyOpacity();
        float[] opacity = threshold > 0 && coarseMask != null ? coarseMask.toFloatArray() : null;
        int[] ids = layout.srTiles(k);
        NDArray[] tiles = new NDArray[TILES * TILES];
        List<Integer> pending = new ArrayList<>();
        boolean activeInside = activeTile < 0;
        for (int t : ids) {
            if (t == activeTile) {
                tiles[t] = activeFeatures;
                activeInside = true;
            } else {
                pending.add(t);
            }
        }
        if (!activeInside) {
            throw new IllegalArgumentException("the active tile " + activeTile + " lies outside the SR input's tiles "
                    + Arrays.toString(ids));
        }
        int b = batch.cameras().size();
        long tileSide = layout.windowSize() / TILES;
        long pointsPerTile = b * tileSide * tileSide * model.config().rendering().samplesPerRay();
        int perPass = tilesPerPass(pointsPerTile, pending.size());
        for (int from = 0; from < pending.size(); from += perPass) {
            List<Integer> group = pending.subList(from, Math.min(pending.size(), from + perPass));
            List<PixelWindow> windows = new ArrayList<>(group.size());
            for (int t : group) {
                windows.add(layout.tile(t));
            }
            RaySelection selection = opacity == null ? null : RaySelection.of(opacity, b, layout.coarse(), windows, threshold);
            if (selection != null && selection.keepsAll()) {
                selection = null;
            }
            try (NoGrad g = NoGrad.enter()) {
                List<RenderedImage> images = model.render(ps, finest, batch.cameras(), batch.poses(), windows, false,
                        stratified, batch.sampleSeeds(), null, selection);
                for (int i = 0; i < group.size(); i++) {
                    tiles[group.get(i)] = images.get(i).features();
                }
            }
        }
        NDList rows = new NDList();
        for (int ty = 0; ty < k; ty++) {
            NDList row = new NDList();
            for (int tx = 0; tx < k; tx++) {
                row.add(tiles[ids[ty * k + tx]]);
            }
            rows.add(row.size() == 1 ? row.get(0) : NDArrays.concat(row, 3));
        }
        return rows.size() == 1 ? rows.get(0) : NDArrays.concat(rows, 2);
    }

    /** How many of {@code tiles} pending tiles of {@code pointsPerTile} sample points one pass renders (at least 1). */
    static int tilesPerPass(long pointsPerTile, int tiles) {
        return (int) Math.max(1, Math.min(tiles, TILE_POINTS_PER_PASS / pointsPerTile));
    }
}
