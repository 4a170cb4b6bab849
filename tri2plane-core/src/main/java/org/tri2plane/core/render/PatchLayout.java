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
