package org.tri2plane.core.geometry;

import java.util.Arrays;
import java.util.List;

/**
 * The rays of some windows of equal ray grids ({@code windowRays} rays each) that a sparse render
 * traces: per batch element and window, the kept ray indices (row-major in the window's grid). The rays it leaves out are empty space: the Φ128
 * render of the whole window (stride 4) found no opacity at or above a threshold within one of its
 * rays around them. A bundle of the selection holds {@link #raysPerElement()} rays per batch element,
 * an element with fewer kept rays repeating its first one (a batch needs equal ray counts).
 */
public record RaySelection(int[][][] kept, int windowRays, int raysPerElement) {

    public RaySelection {
        for (int[][] element : kept) {
            int n = 0;
            for (int[] window : element) {
                n += window.length;
            }
            if (n > raysPerElement || raysPerElement < 1) {
                throw new IllegalArgumentException("a bundle of " + raysPerElement + " rays per element cannot hold " + n);
            }
        }
    }

    /**
     * The rays of {@code windows} (stride 1, inside the probe's window) that lie within one probe
     * ray of a probe ray whose opacity is at least {@code threshold}. {@code opacity} is the probe's
     * mask, [B, 1, rows, columns] row-major, of {@code probe} (its origin and stride); a window ray
     * belongs to the probe ray whose pixel block holds it.
     */
    public static RaySelection of(float[] opacity, int batch, PixelWindow probe, List<PixelWindow> windows, double threshold) {
        int rows = probe.rows();
        int cols = probe.columns();
        if (opacity.length != batch * rows * cols) {
            throw new IllegalArgumentException("the probe holds " + opacity.length + " values, not " + batch + " x " + rows + " x " + cols);
        }
        int windowRays = windows.get(0).rayCount();
        int[][][] kept = new int[batch][windows.size()][];
        int most = 1;
        for (int b = 0; b < batch; b++) {
            boolean[] occupied = dilated(opacity, b * rows * cols, rows, cols, threshold);
            int total = 0;
            for (int g = 0; g < windows.size(); g++) {
                PixelWindow w = windows.get(g);
                if (w.stride() != 1 || w.rayCount() != windowRays) {
                    throw new IllegalArgumentException("a sparse render selects single pixels (stride 1) of equal windows, got " + w);
                }
                int[] picks = new int[w.rayCount()];
                int n = 0;
                for (int r = 0; r < w.rows(); r++) {
                    int pr = Math.floorDiv(w.y0() + r - probe.y0(), probe.stride());
                    for (int c = 0; c < w.columns(); c++) {
                        int pc = Math.floorDiv(w.x0() + c - probe.x0(), probe.stride());
                        if (pr < 0 || pr >= rows || pc < 0 || pc >= cols) {
                            throw new IllegalArgumentException("window " + w + " reaches outside the probe " + probe);
                        }
                        if (occupied[pr * cols + pc]) {
                            picks[n++] = r * w.columns() + c;
                        }
                    }
                }
                kept[b][g] = Arrays.copyOf(picks, n);
                total += n;
            }
            most = Math.max(most, total);
        }
        return new RaySelection(kept, windowRays, most);
    }

    /** Probe cells with opacity at or above the threshold in their 3 x 3 neighbourhood. */
    private static boolean[] dilated(float[] opacity, int from, int rows, int cols, double threshold) {
        boolean[] out = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (opacity[from + r * cols + c] >= threshold) {
                    for (int dr = Math.max(0, r - 1); dr <= Math.min(rows - 1, r + 1); dr++) {
                        for (int dc = Math.max(0, c - 1); dc <= Math.min(cols - 1, c + 1); dc++) {
                            out[dr * cols + dc] = true;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether every ray of every window is kept (a sparse render would trace them all). */
    public boolean keepsAll() {
        for (int[][] element : kept) {
            for (int[] window : element) {
                if (window.length != windowRays) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The rays a bundle of this selection holds for batch element {@code element}, in bundle order,
     * each as window · windowRays + ray: the kept rays window after window, then the first of them
     * repeated up to {@link #raysPerElement()} (ray 0 of window 0 when the element keeps none). The
     * bundle's rays and their jitter both follow this order.
     */
    public int[] bundleRays(int element) {
        int[] out = new int[raysPerElement];
        int at = 0;
        int[][] windows = kept[element];
        for (int g = 0; g < windows.length; g++) {
            for (int ray : windows[g]) {
                out[at++] = g * windowRays + ray;
            }
        }
        // at == 0: nothing kept, and out[0] is already ray 0 of window 0
        Arrays.fill(out, Math.max(at, 1), raysPerElement, out[0]);
        return out;
    }
}
