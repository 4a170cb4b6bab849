package org.tri2plane.core.geometry;

import org.tri2plane.core.config.Vec3;

/** The axis-aligned tri-plane box in canonical space, with ray-box intersection (slab method). */
public record Box(Vec3 min, Vec3 max) {

    /**
     * Entry and exit distances {t0, t1} of the ray o + t·d (t ≥ 0) with this box, or null when
     * the ray misses it.
     */
    public double[] intersect(double[] o, double[] d) {
        double t0 = 0;
        double t1 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            double lo = min.get(i);
            double hi = max.get(i);
            if (Math.abs(d[i]) < 1e-12) {
                if (o[i] < lo || o[i] > hi) {
                    return null;
                }
                continue;
            }
            double a = (lo - o[i]) / d[i];
            double b = (hi - o[i]) / d[i];
            t0 = Math.max(t0, Math.min(a, b));
            t1 = Math.min(t1, Math.max(a, b));
        }
        return t1 > t0 ? new double[] {t0, t1} : null;
    }

    /** Size of the box along axis {@code i}. */
    public double extent(int i) {
        return max.get(i) - min.get(i);
    }
}
