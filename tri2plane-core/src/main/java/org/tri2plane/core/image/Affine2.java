package org.tri2plane.core.image;

/**
 * A 2-D affine map p ↦ A·p + b, stored row-major as (a, b, c, d, e, f):
 * x' = a·x + b·y + c, y' = d·x + e·y + f.
 */
public record Affine2(double a, double b, double c, double d, double e, double f) {

    /** The identity map. */
    public static Affine2 identity() {
        return new Affine2(1, 0, 0, 0, 1, 0);
    }

    /**
     * The map from a {@code size x size} crop to the image: the crop's centre (size/2, size/2) lands
     * on ({@code cx}, {@code cy}), its axes are rotated by {@code angle} (radians, counter-clockwise
     * in image coordinates with y down meaning clockwise on screen) and scaled so that the crop
     * covers {@code extent} image pixels.
     */
    public static Affine2 cropToImage(double cx, double cy, double extent, double angle, int size) {
        double s = extent / size;
        double cos = Math.cos(angle) * s;
        double sin = Math.sin(angle) * s;
        double h = size / 2.0;
        // p_img = centre + R·(p_crop − h)·s
        return new Affine2(cos, -sin, cx - cos * h + sin * h, sin, cos, cy - sin * h - cos * h);
    }

    /** Applies the map to (x, y). */
    public double[] apply(double x, double y) {
        return new double[] {a * x + b * y + c, d * x + e * y + f};
    }

    /** Composition: first {@code other}, then this. */
    public Affine2 after(Affine2 other) {
        return new Affine2(
                a * other.a + b * other.d, a * other.b + b * other.e, a * other.c + b * other.f + c,
                d * other.a + e * other.d, d * other.b + e * other.e, d * other.c + e * other.f + f);
    }

    /** The inverse map. */
    public Affine2 inverse() {
        double det = a * e - b * d;
        if (Math.abs(det) < 1e-15) {
            throw new IllegalStateException("affine map is singular");
        }
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        return new Affine2(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
    }

    /** Linear scale factor (square root of |det|). */
    public double scale() {
        return Math.sqrt(Math.abs(a * e - b * d));
    }
}
