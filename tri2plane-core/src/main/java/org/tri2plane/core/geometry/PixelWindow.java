package org.tri2plane.core.geometry;

/**
 * A rectangle of an image rendered at a stride: {@code width/stride x height/stride} rays, the ray
 * of cell (a, b) passing through the centre of pixels [x0 + a·s, x0 + (a+1)·s) x [y0 + b·s, …).
 * Rendering at stride s is therefore the s x s box-downsampled image of that rectangle.
 */
public record PixelWindow(int x0, int y0, int width, int height, int stride) {

    public PixelWindow {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be > 0, was " + stride);
        }
        if (width <= 0 || height <= 0 || width % stride != 0 || height % stride != 0) {
            throw new IllegalArgumentException(
                    "window " + width + "x" + height + " must be positive multiples of stride " + stride);
        }
    }

    /** A square window. */
    public static PixelWindow square(int x0, int y0, int size, int stride) {
        return new PixelWindow(x0, y0, size, size, stride);
    }

    /** Rays across. */
    public int columns() {
        return width / stride;
    }

    /** Rays down. */
    public int rows() {
        return height / stride;
    }

    /** Number of rays. */
    public int rayCount() {
        return columns() * rows();
    }

    /** Continuous x pixel coordinate of ray column {@code a}. */
    public double u(int a) {
        return x0 + a * (double) stride + stride / 2.0;
    }

    /** Continuous y pixel coordinate of ray row {@code b}. */
    public double v(int b) {
        return y0 + b * (double) stride + stride / 2.0;
    }
}
