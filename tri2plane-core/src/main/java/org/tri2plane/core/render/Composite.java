package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;

/**
 * Alpha-composited result per ray: {@code features} [B, N, F], accumulated weight {@code mask}
 * [B, N, 1] (the rendered mask), expected ray distance {@code depth} [B, N, 1], and the samples'
 * weights w_i {@code weights} [B, N, S, 1] they were composited with.
 */
public record Composite(NDArray features, NDArray mask, NDArray depth, NDArray weights) {}
