package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;

/**
 * A volume-rendered image of one scale: {@code features} [B, F, H, W] (first three channels are
 * RGB, the Î^s of the paper), {@code mask} [B, 1, H, W] and {@code depth} [B, 1, H, W].
 */
public record RenderedImage(NDArray features, NDArray mask, NDArray depth) {

    /** The first three feature channels [B, 3, H, W]. */
    public NDArray rgb() {
        return features.get(":, 0:3");
    }
}
