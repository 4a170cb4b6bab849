package org.tri2plane.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.config.Vec3;

class GeometryTest {

    private static final Camera CAM = new Camera(900, 880, 368.5, 360.25, 736, 736);

    @Test
    void poseRoundTripsBetweenCanonicalAndCamera() {
        Pose pose = Pose.yaw(0.3, 0.1, -0.2, 4.0);
        double[] p = {0.3, -0.7, 1.1};
        double[] cam = pose.toCamera(p);
        // hand-computed: R = yaw(0.3) = [[c,0,s],[0,1,0],[-s,0,c]]
        double c = Math.cos(0.3), s = Math.sin(0.3);
        assertArrayEquals(new double[] {c * 0.3 + s * 1.1 + 0.1, -0.7 - 0.2, -s * 0.3 + c * 1.1 + 4.0}, cam, 1e-12);
        assertArrayEquals(p, pose.toCanonical(cam), 1e-12);
        // the camera centre maps to the camera origin
        assertArrayEquals(new double[] {0, 0, 0}, pose.toCamera(pose.cameraCentreCanonical()), 1e-12);
    }

    @Test
    void poseRejectsNonRotations() {
        assertThrows(IllegalArgumentException.class,
                () -> new Pose(new double[] {2, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> new Pose(new double[] {-1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]));
    }

    @Test
    void rayThroughPixelCentreProjectsBackToIt() {
        double u = 100.5, v = 611.5;
        double[] d = CAM.direction(u, v);
        assertEquals(1, Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]), 1e-12);
        double[] p = {d[0] * 3.7, d[1] * 3.7, d[2] * 3.7};
        assertArrayEquals(new double[] {u, v}, CAM.project(p), 1e-9);
    }

    @Test
    void windowCameraIsACrop() {
        Camera w = CAM.window(112, 40, 512, 512);
        double[] p = {0.2, -0.1, 3.0};
        double[] full = CAM.project(p);
        double[] crop = w.project(p);
        assertEquals(full[0] - 112, crop[0], 1e-12);
        assertEquals(full[1] - 40, crop[1], 1e-12);
    }

    @Test
    void slidingWindowShiftEqualsHeadTranslation() {
        // Eq. 8/9: moving the principal point by (Δx, Δy) and translating the head by
        // ΔT = (Z/f)(Δx, Δy, 0) put points at depth Z on the same pixels.
        SlidingWindow sw = new SlidingWindow(736, 512);
        Pose pose = Pose.yaw(-0.2, 0.05, 0.1, 4.2);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int[] off = sw.randomOffset(rnd);
            double[] canonical = {rnd.nextDouble(-1, 1), rnd.nextDouble(-1, 1), rnd.nextDouble(-1, 1)};
            double[] cam = pose.toCamera(canonical);
            double z = cam[2];
            // window camera at offset (dx, dy) vs. the centred window camera with the head moved
            Camera shifted = sw.camera(CAM, off[0], off[1]);
            Camera centred = sw.centred(CAM);
            double[] viaWindow = shifted.project(cam);
            double[] dT = SlidingWindow.equivalentTranslation(CAM, z, -off[0], -off[1]);
            double[] viaTranslation = centred.project(pose.translatedBy(dT).toCamera(canonical));
            assertArrayEquals(viaWindow, viaTranslation, 1e-9);
        }
        assertEquals(112, sw.maxOffset());
        assertThrows(IllegalArgumentException.class, () -> sw.origin(113));
    }

    @Test
    void boxIntersectionSlab() {
        Box box = new Box(new Vec3(-1.5, -1.8, -1.9), new Vec3(1.5, 1.8, 1.1));
        double[] hit = box.intersect(new double[] {0, 0, -5}, new double[] {0, 0, 1});
        assertArrayEquals(new double[] {3.1, 6.1}, hit, 1e-12);
        assertNull(box.intersect(new double[] {0, 5, -5}, new double[] {0, 0, 1}));
        // starting inside: entry clamps to 0
        assertArrayEquals(new double[] {0, 1.1}, box.intersect(new double[] {0, 0, 0}, new double[] {0, 0, 1}), 1e-12);
    }

    @Test
    void rayGeneratorMatchesHostGeometry() {
        Box box = new Box(new Vec3(-1, -1, -1), new Vec3(1, 1, 1));
        RayGenerator gen = new RayGenerator(box, null, null);
        Pose pose = Pose.yaw(0.4, 0, 0, 4);
        PixelWindow win = new PixelWindow(300, 320, 120, 80, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            RayBundle rays = gen.generate(m, List.of(CAM), List.of(pose), win);
            assertEquals(30 * 20, rays.rayCount());
            float[] dirs = rays.directions().toFloatArray();
            float[] near = rays.near().toFloatArray();
            float[] far = rays.far().toFloatArray();
            int i = 20 * 30 - 1; // last ray: column 29, row 19
            double[] d = pose.rotateInverse(CAM.direction(300 + 29 * 4 + 2, 320 + 19 * 4 + 2));
            assertArrayEquals(new float[] {(float) d[0], (float) d[1], (float) d[2]},
                    new float[] {dirs[3 * i], dirs[3 * i + 1], dirs[3 * i + 2]}, 1e-6f);
            double[] range = box.intersect(pose.cameraCentreCanonical(), d);
            assertEquals(range[0], near[i], 1e-5);
            assertEquals(range[1], far[i], 1e-5);
        }
    }

    @Test
    void nearFarClipTheBoxRange() {
        Box box = new Box(new Vec3(-1, -1, -1), new Vec3(1, 1, 1));
        RayGenerator gen = new RayGenerator(box, 3.5, 4.5);
        assertArrayEquals(new double[] {3.5, 4.5}, gen.range(new double[] {0, 0, -4}, new double[] {0, 0, 1}), 1e-12);
        // a ray that misses the box gets an empty range
        double[] miss = gen.range(new double[] {0, 3, -4}, new double[] {0, 0, 1});
        assertEquals(miss[0], miss[1]);
    }
}
