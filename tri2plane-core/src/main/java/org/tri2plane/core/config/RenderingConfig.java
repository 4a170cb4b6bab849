package org.tri2plane.core.config;

/**
 * Volume rendering: samples per ray and the tri-plane box in canonical space. Rays are sampled
 * between their entry into and exit from the box, further limited to [near, far] when those are
 * given (null: box only).
 */
public record RenderingConfig(int samplesPerRay, Vec3 boxMin, Vec3 boxMax, Double near, Double far) {
    public RenderingConfig {
        Checks.atLeast("rendering.samplesPerRay", samplesPerRay, 1);
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
        if (near != null && far != null && !(far > near)) {
            throw new IllegalArgumentException(
                    "rendering.far must exceed rendering.near, was " + near + " .. " + far);
        }
    }
}
