package org.tri2plane.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.tri2plane.core.geometry.PixelWindow;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.render.TriPlaneSampler.PlaneTable;

/**
 * Everything one training forward pass produces: the tri-planes Φ_0..2, the renders of the three
 * scales at {@code layout} (each [B, F, W/4, W/4]), the tiled SR input [B, F, w, w] covering
 * {@code srWindow} of the window (the whole W x W window, or the superResolution.trainingTiles
 * block; only tile {@code layout.tile()} carries gradient) and the SR image [B, 3, k·w, k·w] of it;
 * {@code finest} is the layout of the finest scale's tri-plane the renders read (with the warp and
 * aligned features when the config has them), for further renders of the same step.
 */
public record TrainingForward(
        NDList planes, List<RenderedImage> scales, NDArray srInput, NDArray superResolved, PatchLayout layout,
        PixelWindow srWindow, PlaneTable finest) {

    /** The SR image's share of the window's area: 1 for the whole window, (k/4)² for a k x k block of tiles. */
    public double srShare() {
        double side = (double) srWindow.width() / layout.windowSize();
        return side * side;
    }

    /**
     * The part of a window-sized image [B, C, k·W, k·W] (the SR target or its weights, k the SR
     * factor) that the SR image covers: itself when the SR input is the whole window.
     */
    public NDArray srCrop(NDArray windowImage) {
        long side = windowImage.getShape().get(3);
        if (srWindow.width() == layout.windowSize()) {
            return windowImage;
        }
        long k = side / layout.windowSize();
        if (k * layout.windowSize() != side) {
            throw new IllegalArgumentException("image side " + side + " is not a multiple of the window " + layout.windowSize());
        }
        long x = k * srWindow.x0();
        long y = k * srWindow.y0();
        long w = k * srWindow.width();
        return windowImage.get(":, :, " + y + ":" + (y + w) + ", " + x + ":" + (x + w));
    }
}
