package org.tri2plane.core.geometry;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Pinhole camera in the OpenCV convention (x right, y down, z forward). Pixel (i, j) covers
 * [i, i + 1) x [j, j + 1) and has its centre at (i + 0.5, j + 0.5); a camera-space point (X, Y, Z)
 * projects to (fx X / Z + cx, fy Y / Z + cy).
 */
public record Camera(double fx, double fy, double cx, double cy, int width, int height) {

    public Camera {
        if (!(fx > 0) || !(fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)) {
            throw new IllegalArgumentException("focal lengths must be finite and > 0: " + fx + ", " + fy);
        }
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new IllegalArgumentException("principal point must be finite");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be > 0: " + width + "x" + height);
        }
    }

    /**
     * A square {@code frameSize}² camera (focal length 1.1 · frameSize, centred principal point)
     * that sees the whole tri-plane box of a head at depth 5: the camera of synthetic inputs
     * (benchmarks, tests), where no subject's camera exists.
     */
    public static Camera synthetic(int frameSize) {
        return new Camera(1.1 * frameSize, 1.1 * frameSize, frameSize / 2.0, frameSize / 2.0, frameSize, frameSize);
    }

    /**
     * The same camera seen through a {@code w x h} window whose top-left pixel is (x0, y0) of this
     * image: only the principal point moves (the geometry-aware sliding window of Sec. 3.3).
     */
    public Camera window(double x0, double y0, int w, int h) {
        return new Camera(fx, fy, cx - x0, cy - y0, w, h);
    }

    /** The camera of this image resized by {@code s} (a {@code width*s} image of the same view). */
    public Camera scaled(double s) {
        return new Camera(
                fx * s, fy * s, cx * s, cy * s,
                (int) Math.round(width * s), (int) Math.round(height * s));
    }

    /** Projects camera-space point {@code p} to continuous pixel coordinates {u, v}. */
    public double[] project(double[] p) {
        return new double[] {fx * p[0] / p[2] + cx, fy * p[1] / p[2] + cy};
    }

    /** Unit direction, in camera space, of the ray through continuous pixel coordinate (u, v). */
    public double[] direction(double u, double v) {
        double x = (u - cx) / fx;
        double y = (v - cy) / fy;
        double n = Math.sqrt(x * x + y * y + 1);
        return new double[] {x / n, y / n, 1 / n};
    }

    /** 3x3 intrinsic matrix K, row-major. */
    @JsonIgnore
    public double[] intrinsics() {
        return new double[] {fx, 0, cx, 0, fy, cy, 0, 0, 1};
    }
}
