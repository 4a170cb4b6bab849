package org.tri2plane.core.geometry;

import org.tri2plane.core.raster.Raster;
import org.tri2plane.core.raster.Rasterizer;

/**
 * Where each ray of a pixel window meets a frame's tracked face: the mesh posed by P_t, projected
 * with the window camera and rasterised on the window's ray grid (one cell per ray, its centre on
 * the ray's pixel coordinate), the nearest triangle's camera depth interpolated perspective-correctly
 * (1/Z linear on screen) and turned into the distance along the unit ray, the quantity a volume
 * render's expected depth estimates. So the targets are cut exactly as the rays are, at any window
 * offset and stride.
 */
public final class SurfaceDepth {

    private SurfaceDepth() {}

    /**
     * Ray distances [rows · columns], row-major like {@link RayGenerator}'s rays of {@code window},
     * to {@code mesh} posed by {@code pose} and seen by {@code camera}; 0 where a ray misses the face.
     */
    public static float[] rayDistances(FaceMesh mesh, Camera camera, Pose pose, PixelWindow window) {
        int n = mesh.vertexCount();
        double[] grid = new double[3 * n];
        double[] z = new double[n];
        double[] r = pose.rotation();
        double[] t = pose.translation();
        double[] v = mesh.vertices();
        double s = window.stride();
        for (int i = 0; i < n; i++) {
            double x = v[3 * i];
            double y = v[3 * i + 1];
            double w = v[3 * i + 2];
            double cx = r[0] * x + r[1] * y + r[2] * w + t[0];
            double cy = r[3] * x + r[4] * y + r[5] * w + t[1];
            double cz = r[6] * x + r[7] * y + r[8] * w + t[2];
            if (!(cz > 0)) {
                throw new IllegalArgumentException("the face is not in front of the camera (vertex " + i + " at depth " + cz + ")");
            }
            z[i] = cz;
            double[] uv = camera.project(new double[] {cx, cy, cz});
            grid[3 * i] = (uv[0] - window.x0()) / s;
            grid[3 * i + 1] = (uv[1] - window.y0()) / s;
            grid[3 * i + 2] = cz;
        }
        int[] tri = mesh.triangles();
        Raster raster = Rasterizer.rasterize(grid, tri, window.columns(), window.rows());
        float[] out = new float[window.rayCount()];
        for (int row = 0; row < window.rows(); row++) {
            double dy = (window.v(row) - camera.cy()) / camera.fy();
            for (int col = 0; col < window.columns(); col++) {
                int p = row * window.columns() + col;
                int k = raster.triangle()[p];
                if (k < 0) {
                    continue;
                }
                double b0 = raster.b0()[p];
                double b1 = raster.b1()[p];
                double inverse = b0 / z[tri[3 * k]] + b1 / z[tri[3 * k + 1]] + (1 - b0 - b1) / z[tri[3 * k + 2]];
                if (!(inverse > 0)) {
                    continue;
                }
                double dx = (window.u(col) - camera.cx()) / camera.fx();
                out[p] = (float) (Math.sqrt(dx * dx + dy * dy + 1) / inverse);
            }
        }
        return out;
    }
}
