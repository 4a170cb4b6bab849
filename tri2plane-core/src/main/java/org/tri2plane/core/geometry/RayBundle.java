package org.tri2plane.core.geometry;

import ai.djl.ndarray.NDArray;

/**
 * Rays of a batch in canonical space: {@code origins} and unit {@code directions} [B, N, 3],
 * sampling range {@code near}/{@code far} [B, N, 1] (equal where the ray misses the box), for a
 * {@code rows x columns} grid (N = rows · columns, row-major). {@code surface} [B, N, 1], when
 * given, is each ray's distance to the frame's tracked face ({@link SurfaceDepth}; 0 where it
 * misses the face), for the geometry terms of training; null otherwise.
 */
public record RayBundle(
        NDArray origins, NDArray directions, NDArray near, NDArray far, int rows, int columns, NDArray surface) {

    /** Rays without the tracked surface. */
    public RayBundle(NDArray origins, NDArray directions, NDArray near, NDArray far, int rows, int columns) {
        this(origins, directions, near, far, rows, columns, null);
    }

    /** Rays per batch element. */
    public int rayCount() {
        return rows * columns;
    }

    /** Batch size. */
    public int batchSize() {
        return (int) origins.getShape().get(0);
    }
}
