package org.tri2plane.core.render;

import java.util.SplittableRandom;
import org.tri2plane.core.geometry.PixelWindow;

/**
 * Where the three scales look inside a W x W window (Sec. 3.2): Φ128 renders the whole window at
 * stride 4, Φ256 one of its four quadrants at stride 2, Φ512 one of its 16 tiles at stride 1;
 * each is (W/4)² rays. Tiles are numbered row-major on a 4x4 grid, quadrants on a 2x2 grid.
 */
public record PatchLayout(int windowSize, int quadrant, int tile) {

    public PatchLayout {
        if (windowSize <= 0 || windowSize % 16 != 0) {
            throw new IllegalArgumentException("window size must be a positive multiple of 16, was " + windowSize);
        }
        if (quadrant < 0 || quadrant > 3) {
            throw new IllegalArgumentException("quadrant must be 0..3, was " + quadrant);
        }
        if (tile < 0 || tile > 15) {
            throw new IllegalArgumentException("tile must be 0..15, was " + tile);
        }
    }

    /** A layout with quadrant and tile drawn uniformly. */
    public static PatchLayout random(int windowSize, SplittableRandom random) {
        return new PatchLayout(windowSize, random.nextInt(4), random.nextInt(16));
    }

    /** Scale 0 (Φ128): the whole window at stride 4. */
    public PixelWindow coarse() {
        return PixelWindow.square(0, 0, windowSize, 4);
    }

    /** Scale 1 (Φ256): the chosen quadrant at stride 2. */
    public PixelWindow quarter() {
        return quarter(quadrant);
    }

    /** Scale 2 (Φ512): the chosen tile at stride 1. */
    public PixelWindow patch() {
        return tile(tile);
    }

    /** Quadrant {@code q} at stride 2. */
    public PixelWindow quarter(int q) {
        int half = windowSize / 2;
        return PixelWindow.square((q % 2) * half, (q / 2) * half, half, 2);
    }

    /** Tile {@code t} of the 4x4 grid at stride 1. */
    public PixelWindow tile(int t) {
        int size = windowSize / 4;
        return PixelWindow.square((t % 4) * size, (t / 4) * size, size, 1);
    }

    /**
     * The first tile column and row of the {@code k} x {@code k} tiles that the SR input of a
     * training step covers (superResolution.trainingTiles): the block holding the Φ512 tile, moved
     * left (up) by one tile when the Φ256 quadrant's column (row) is 1 and there is room, so that the
     * tile does not always sit at the block's left and top edges. {0, 0} for k = 4 (the whole window).
     */
    public int[] srOrigin(int k) {
        if (k < 1 || k > 4) {
            throw new IllegalArgumentException("SR tiles per side must be 1..4, was " + k);
        }
        int tx = tile % 4;
        int ty = tile / 4;
        int x = Math.max(0, Math.min(tx - (k > 1 ? quadrant % 2 : 0), 4 - k));
        int y = Math.max(0, Math.min(ty - (k > 1 ? quadrant / 2 : 0), 4 - k));
        return new int[] {x, y};
    }

    /** The tiles of {@link #srOrigin(int)}'s k x k block, row-major. */
    public int[] srTiles(int k) {
        int[] o = srOrigin(k);
        int[] tiles = new int[k * k];
        for (int i = 0; i < tiles.length; i++) {
            tiles[i] = (o[1] + i / k) * 4 + o[0] + i % k;
        }
        return tiles;
    }

    /** The window pixels of {@link #srOrigin(int)}'s k x k block at stride 1. */
    public PixelWindow srWindow(int k) {
        int size = windowSize / 4;
        int[] o = srOrigin(k);
        return PixelWindow.square(o[0] * size, o[1] * size, k * size, 1);
    }

    /** The window of scale {@code s} (0, 1, 2). */
    public PixelWindow scale(int s) {
        return switch (s) {
            case 0 -> coarse();
            case 1 -> quarter();
            case 2 -> patch();
            default -> throw new IllegalArgumentException("scale must be 0, 1 or 2, was " + s);
        };
    }
}
