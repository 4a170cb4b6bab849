package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;

/**
 * Sample distances along each ray: {@code t} [B, N, S, 1], one sample in each of S equal bins of
 * [near, far], and the bin width {@code delta} [B, N, 1] used as the quadrature step.
 */
public record RaySamples(NDArray t, NDArray delta) {}
