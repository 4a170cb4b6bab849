package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;

/**
 * A volume-rendered image of one scale: {@code features} [B, F, H, W] (first three channels are
 * RGB, the Î^s of the paper), {@code mask} [B, 1, H, W] and {@code depth} [B, 1, H, W]; {@code rays}
 * the per-sample weights against the tracked face when the rays carried it (training's geometry
 * terms), null otherwise.
 */
public record RenderedImage(NDArray features, NDArray mask, NDArray depth, RayWeights rays) {

    /** An image without per-sample weights. */
    public RenderedImage(NDArray features, NDArray mask, NDArray depth) {
        this(features, mask, depth, null);
    }

    /** The first three feature channels [B, 3, H, W]. */
    public NDArray rgb() {
        return features.get(":, 0:3");
    }
}
