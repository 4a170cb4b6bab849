package org.tri2plane.core.config;

/**
 * Volume rendering: samples per ray and the tri-plane box in canonical space. Rays are sampled
 * between their entry into and exit from the box, further limited to [near, far] when those are
 * given (null: box only). The rendered RGB is composited onto {@code background} (RGB in [0, 1]),
 * the colour ground truth is composited onto (docs/conventions.md). With {@code emptyOpacity} &gt; 0
 * (ours; 0 in the paper's configs) the SR input does not trace rays in empty space: a ray whose
 * neighbourhood in the Φ128 render of the window (stride 4, within one of its rays) has opacity
 * below it takes an empty ray's value ({@link org.tri2plane.core.geometry.RaySelection}). With
 * {@code expressionWarp} &gt; 0 (ours; 0 in the paper's configs) every sample point is moved back by
 * the tracked face's displacement from the subject's mean face before the tri-planes are read
 * ({@link org.tri2plane.core.geometry.ExpressionWarp}, of that radius in canonical units).
 */
public record RenderingConfig(
        int samplesPerRay, Vec3 boxMin, Vec3 boxMax, Double near, Double far, Vec3 background, double emptyOpacity,
        double expressionWarp) {
    public RenderingConfig {
        if (!(emptyOpacity >= 0 && emptyOpacity < 1)) {
            throw new IllegalArgumentException("rendering.emptyOpacity must be in [0, 1) (0 traces every ray), was " + emptyOpacity);
        }
        if (!(expressionWarp >= 0 && expressionWarp <= 1)) {
            throw new IllegalArgumentException("rendering.expressionWarp must be in [0, 1] canonical units (0: no warp; 0.1 is"
                    + " about the spacing of the tracked face's vertices), was " + expressionWarp);
        }
        Checks.atLeast("rendering.samplesPerRay", samplesPerRay, 1);
        Checks.atMost("rendering.samplesPerRay", samplesPerRay, 1024);
        if (boxMin == null || boxMax == null) {
            throw new IllegalArgumentException("rendering.boxMin and rendering.boxMax are required");
        }
        for (int i = 0; i < 3; i++) {
            if (!(boxMax.get(i) > boxMin.get(i))) {
                throw new IllegalArgumentException(
                        "rendering.boxMax must exceed rendering.boxMin on every axis, was "
                                + boxMin + " .. " + boxMax);
            }
        }
        if (near != null) {
            Checks.nonNegative("rendering.near", near);
        }
        if (far != null) {
            Checks.positive("rendering.far", far);
        }
        if (background == null) {
            throw new IllegalArgumentException("rendering.background is required (RGB in [0, 1], e.g. [1, 1, 1])");
        }
        for (int i = 0; i < 3; i++) {
            if (!(background.get(i) >= 0 && background.get(i) <= 1)) {
                throw new IllegalArgumentException("rendering.background must hold values in [0, 1], was " + background);
            }
        }
        if (near != null && far != null && !(far > near)) {
            throw new IllegalArgumentException(
                    "rendering.far must exceed rendering.near, was " + near + " .. " + far);
        }
    }
}
