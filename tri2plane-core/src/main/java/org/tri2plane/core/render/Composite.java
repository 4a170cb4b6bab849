package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;

/**
 * Alpha-composited result per ray: {@code features} [B, N, F], accumulated weight {@code mask}
 * [B, N, 1] (the rendered mask), and expected ray distance {@code depth} [B, N, 1].
 */
public record Composite(NDArray features, NDArray mask, NDArray depth) {}
