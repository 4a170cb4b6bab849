package org.tri2plane.core.config;

import com.fasterxml.jackson.annotation.JsonFormat;

/** A 3-vector written in JSON as {@code [x, y, z]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record Vec3(double x, double y, double z) {
    public Vec3 {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("vector components must be finite");
        }
    }

    /** Component {@code i} (0 = x, 1 = y, 2 = z). */
    public double get(int i) {
        return switch (i) {
            case 0 -> x;
            case 1 -> y;
            case 2 -> z;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }
}
