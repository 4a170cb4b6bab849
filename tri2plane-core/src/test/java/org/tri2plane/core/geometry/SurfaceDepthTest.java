package org.tri2plane.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.Vec3;

/**
 * The tracked face's depth targets are cut exactly as the rays are: for windows at several offsets
 * and strides of a shifted window camera, each ray's {@link SurfaceDepth} distance equals the
 * distance at which that very ray ({@link RayGenerator}'s origin and direction) hits the mesh,
 * found independently by ray-triangle intersection; rays that miss the mesh get 0.
 */
class SurfaceDepthTest {

    /** Nearest hit distance of o + t·d with the mesh (Möller-Trumbore), 0 when it misses. */
    static double intersect(FaceMesh mesh, double[] o, double[] d) {
        double best = Double.POSITIVE_INFINITY;
        double[] v = mesh.vertices();
        int[] tri = mesh.triangles();
        for (int k = 0; k < tri.length; k += 3) {
            double[] a = {v[3 * tri[k]], v[3 * tri[k] + 1], v[3 * tri[k] + 2]};
            double[] e1 = {v[3 * tri[k + 1]] - a[0], v[3 * tri[k + 1] + 1] - a[1], v[3 * tri[k + 1] + 2] - a[2]};
            double[] e2 = {v[3 * tri[k + 2]] - a[0], v[3 * tri[k + 2] + 1] - a[1], v[3 * tri[k + 2] + 2] - a[2]};
            double[] p = cross(d, e2);
            double det = dot(e1, p);
            if (Math.abs(det) < 1e-12) {
                continue;
            }
            double[] s = {o[0] - a[0], o[1] - a[1], o[2] - a[2]};
            double u = dot(s, p) / det;
            double[] q = cross(s, e1);
            double w = dot(d, q) / det;
            double t = dot(e2, q) / det;
            if (u >= 0 && w >= 0 && u + w <= 1 && t > 0) {
                best = Math.min(best, t);
            }
        }
        return Double.isInfinite(best) ? 0 : best;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    @Test
    void everyRayOfEveryWindowMeetsTheMeshWhereItsRayDoes() {
        FaceMesh mesh = FaceMesh.sphere(new double[] {0.1, -0.2, 0.3}, 0.9, 12, 24);
        Pose pose = new Pose(Rotation.mul(Rotation.aboutY(Math.toRadians(25)), Rotation.aboutX(Math.toRadians(-10))),
                new double[] {0.1, 0.3, 12.3});
        // the subject camera at 184², seen through a 128² sliding window shifted off-centre
        Camera window = new Camera(552, 552, 92, 92, 184, 184).window(24, 40, 128, 128);
        Box box = new Box(new Vec3(-1.5, -2.0, -1.3), new Vec3(1.5, 1.8, 2.1));
        RayGenerator rays = new RayGenerator(box, null, null);
        int hits = 0;
        int misses = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (PixelWindow w : List.of(PixelWindow.square(0, 0, 128, 4), PixelWindow.square(64, 0, 64, 2),
                    PixelWindow.square(32, 96, 32, 1), PixelWindow.square(0, 0, 128, 8))) {
                RayBundle b = rays.generate(m, List.of(window), List.of(pose), List.of(w), List.of(mesh));
                float[] o = b.origins().toFloatArray();
                float[] d = b.directions().toFloatArray();
                float[] surface = b.surface().toFloatArray();
                assertEquals(w.rayCount(), surface.length);
                for (int i = 0; i < surface.length; i++) {
                    double expect = intersect(mesh, new double[] {o[3 * i], o[3 * i + 1], o[3 * i + 2]},
                            new double[] {d[3 * i], d[3 * i + 1], d[3 * i + 2]});
                    assertEquals(expect, surface[i], 2e-3, "ray " + i + " of " + w);
                    if (expect > 0) {
                        hits++;
                    } else {
                        misses++;
                    }
                }
            }
        }
        // both kinds of ray were tried
        assertTrue(hits > 500 && misses > 500, hits + " rays hit, " + misses + " missed");
    }

    @Test
    void raysWithoutFacesCarryNoSurface() {
        try (NDManager m = NDManager.newBaseManager()) {
            RayGenerator rays = new RayGenerator(new Box(new Vec3(-1, -1, -1), new Vec3(1, 1, 1)), null, null);
            RayBundle b = rays.generate(m, List.of(new Camera(100, 100, 16, 16, 32, 32)), List.of(Pose.translation(0, 0, 5)),
                    List.of(PixelWindow.square(0, 0, 32, 4)));
            assertEquals(null, b.surface());
        }
    }
}
