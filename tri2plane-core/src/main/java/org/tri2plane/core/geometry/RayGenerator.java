package org.tri2plane.core.geometry;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.tri2plane.core.util.Scalars;

/**
 * Builds the canonical-space rays of a pixel window for each (camera, pose) of a batch: origin
 * −RᵀT, direction Rᵀ·d_cam, clipped to the tri-plane box and to the optional [near, far].
 */
public final class RayGenerator {

    private final Box box;
    private final Double near;
    private final Double far;

    public RayGenerator(Box box, Double near, Double far) {
        this.box = box;
        this.near = near;
        this.far = far;
    }

    /** Rays of {@code window} for each batch element; cameras and poses have the batch size. */
    public RayBundle generate(NDManager manager, List<Camera> cameras, List<Pose> poses, PixelWindow window) {
        return generate(manager, cameras, poses, List.of(window));
    }

    /**
     * Rays of several windows of equal ray grids, stacked per batch element window after window:
     * the bundle's grid is {@code windows.size()·rows x columns}, window k occupying rows
     * [k·rows, (k+1)·rows) of it. One bundle renders many windows in one pass.
     */
    public RayBundle generate(NDManager manager, List<Camera> cameras, List<Pose> poses, List<PixelWindow> windows) {
        return generate(manager, cameras, poses, windows, (List<FaceMesh>) null);
    }

    /**
     * As {@link #generate(NDManager, List, List, List)}; with {@code faces} (one tracked face per
     * batch element) the bundle also carries each ray's distance to its frame's face.
     */
    public RayBundle generate(NDManager manager, List<Camera> cameras, List<Pose> poses, List<PixelWindow> windows,
            List<FaceMesh> faces) {
        if (faces != null && faces.size() != cameras.size()) {
            throw new IllegalArgumentException("need one face per camera, got " + faces.size() + " and " + cameras.size());
        }
        if (cameras.size() != poses.size() || cameras.isEmpty()) {
            throw new IllegalArgumentException(
                    "need one camera per pose, got " + cameras.size() + " and " + poses.size());
        }
        PixelWindow first = windows.get(0);
        for (PixelWindow w : windows) {
            if (w.rows() != first.rows() || w.columns() != first.columns()) {
                throw new IllegalArgumentException("stacked windows need equal ray grids: " + first + " and " + w);
            }
        }
        int b = cameras.size();
        int n = first.rayCount() * windows.size();
        float[] origins = new float[b * n * 3];
        float[] dirs = new float[b * n * 3];
        float[] t0 = new float[b * n];
        float[] t1 = new float[b * n];
        float[] surface = faces == null ? null : new float[b * n];
        for (int k = 0; k < b; k++) {
            Camera cam = cameras.get(k);
            Pose pose = poses.get(k);
            double[] o = pose.cameraCentreCanonical();
            int i = k * n;
            for (PixelWindow window : windows) {
                if (surface != null) {
                    float[] d = SurfaceDepth.rayDistances(faces.get(k), cam, pose, window);
                    System.arraycopy(d, 0, surface, i, d.length);
                }
                for (int row = 0; row < window.rows(); row++) {
                    double v = window.v(row);
                    for (int col = 0; col < window.columns(); col++, i++) {
                        ray(cam, pose, o, window.u(col), v, i, origins, dirs, t0, t1);
                    }
                }
            }
        }
        return new RayBundle(
                Scalars.constant(manager, origins, new Shape(b, n, 3)),
                Scalars.constant(manager, dirs, new Shape(b, n, 3)),
                Scalars.constant(manager, t0, new Shape(b, n, 1)),
                Scalars.constant(manager, t1, new Shape(b, n, 1)),
                first.rows() * windows.size(),
                first.columns(),
                surface == null ? null : Scalars.constant(manager, surface, new Shape(b, n, 1)));
    }

    /**
     * The rays of {@code windows} that {@code selection} keeps, as a bundle of one row of {@link
     * RaySelection#raysPerElement()} rays per batch element in the order of {@link RaySelection#bundleRays(int)}.
     */
    public RayBundle generate(NDManager manager, List<Camera> cameras, List<Pose> poses, List<PixelWindow> windows,
            RaySelection selection) {
        if (cameras.size() != poses.size() || cameras.size() != selection.kept().length) {
            throw new IllegalArgumentException("need one camera, pose and selection per batch element, got "
                    + cameras.size() + ", " + poses.size() + " and " + selection.kept().length);
        }
        int b = cameras.size();
        int n = selection.raysPerElement();
        float[] origins = new float[b * n * 3];
        float[] dirs = new float[b * n * 3];
        float[] t0 = new float[b * n];
        float[] t1 = new float[b * n];
        int cells = selection.windowRays();
        for (int k = 0; k < b; k++) {
            Camera cam = cameras.get(k);
            Pose pose = poses.get(k);
            double[] o = pose.cameraCentreCanonical();
            int i = k * n;
            for (int code : selection.bundleRays(k)) {
                PixelWindow window = windows.get(code / cells);
                int ray = code % cells;
                ray(cam, pose, o, window.u(ray % window.columns()), window.v(ray / window.columns()), i++, origins, dirs, t0, t1);
            }
        }
        return new RayBundle(
                Scalars.constant(manager, origins, new Shape(b, n, 3)),
                Scalars.constant(manager, dirs, new Shape(b, n, 3)),
                Scalars.constant(manager, t0, new Shape(b, n, 1)),
                Scalars.constant(manager, t1, new Shape(b, n, 1)),
                1,
                n);
    }

    /** Ray {@code i} through pixel coordinate (u, v): origin, unit direction and box range written into the arrays. */
    private void ray(Camera cam, Pose pose, double[] o, double u, double v, int i, float[] origins, float[] dirs,
            float[] t0, float[] t1) {
        double[] d = pose.rotateInverse(cam.direction(u, v));
        for (int c = 0; c < 3; c++) {
            origins[3 * i + c] = (float) o[c];
            dirs[3 * i + c] = (float) d[c];
        }
        double[] range = range(o, d);
        t0[i] = (float) range[0];
        t1[i] = (float) range[1];
    }

    /** Sampling range {t0, t1} of one ray; t0 == t1 when it misses the box. */
    public double[] range(double[] origin, double[] direction) {
        double[] hit = box.intersect(origin, direction);
        if (hit == null) {
            return new double[] {0, 0};
        }
        double a = near == null ? hit[0] : Math.max(hit[0], near);
        double c = far == null ? hit[1] : Math.min(hit[1], far);
        return c > a ? new double[] {a, c} : new double[] {a, a};
    }
}
