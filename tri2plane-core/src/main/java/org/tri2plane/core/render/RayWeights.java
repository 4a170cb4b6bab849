package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;

/**
 * How a render spent its rays, for the geometry terms of training: per ray the samples' weights
 * w_i {@code weights} [B, N, S] and distances t_i {@code t} [B, N, S], the bin width {@code delta}
 * [B, N, 1] (0 where the ray misses the box), and the distance to the frame's tracked face
 * {@code surface} [B, N, 1] (0 where the ray misses the face), and the rays' canonical {@code origins}
 * and unit {@code directions} [B, N, 3]. Rays are row-major over the image.
 */
public record RayWeights(NDArray weights, NDArray t, NDArray delta, NDArray surface, NDArray origins, NDArray directions) {

    /** The canonical-space sample points [B, N, S, 3]: origin + t · direction. */
    public NDArray points() {
        return directions.expandDims(2).mul(t.expandDims(3)).add(origins.expandDims(2));
    }
}
