package org.tri2plane.core.raster;

import java.util.Arrays;

/**
 * A software triangle rasteriser with a depth buffer. Vertices are given in pixel coordinates
 * (x right, y down, pixel (i, j) has its centre at (i + 0.5, j + 0.5)) with a depth; a pixel is
 * covered when its centre lies inside the triangle, edges shared by two triangles are drawn once
 * (top-left rule), and the nearest (smallest depth) triangle wins. Either winding is accepted.
 */
public final class Rasterizer {

    private Rasterizer() {}

    /** Rasterises {@code triangles} (vertex index triples) of {@code vertices} (x, y, depth per vertex). */
    public static Raster rasterize(double[] vertices, int[] triangles, int width, int height) {
        int[] tri = new int[width * height];
        float[] b0 = new float[width * height];
        float[] b1 = new float[width * height];
        float[] depth = new float[width * height];
        Arrays.fill(tri, -1);
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        Raster raster = new Raster(width, height, tri, b0, b1, depth);
        for (int t = 0; t < triangles.length / 3; t++) {
            int i0 = triangles[3 * t];
            int i1 = triangles[3 * t + 1];
            int i2 = triangles[3 * t + 2];
            double[] v = corners(vertices, i0, i1, i2);
            double area = (v[3] - v[0]) * (v[7] - v[1]) - (v[6] - v[0]) * (v[4] - v[1]);
            if (Math.abs(area) < 1e-12) {
                continue;
            }
            // make the winding positive (counter-clockwise in a y-down frame = clockwise on screen)
            boolean swapped = area < 0;
            if (swapped) {
                v = corners(vertices, i0, i2, i1);
                area = -area;
            }
            fill(raster, t, v, area, swapped);
        }
        return raster;
    }

    /** (x, y, z) of three vertices in the order given. */
    private static double[] corners(double[] vertices, int i0, int i1, int i2) {
        return new double[] {
            vertices[3 * i0], vertices[3 * i0 + 1], vertices[3 * i0 + 2],
            vertices[3 * i1], vertices[3 * i1 + 1], vertices[3 * i1 + 2],
            vertices[3 * i2], vertices[3 * i2 + 1], vertices[3 * i2 + 2]
        };
    }

    /**
     * Draws triangle {@code t} (corners {@code v}, positive winding, twice its area) into the
     * raster where it is nearer than what is there; {@code swapped}: its last two corners were
     * exchanged, so the stored barycentrics are put back in the original vertex order.
     */
    private static void fill(Raster raster, int t, double[] v, double area, boolean swapped) {
        double x0 = v[0], y0 = v[1], z0 = v[2];
        double x1 = v[3], y1 = v[4], z1 = v[5];
        double x2 = v[6], y2 = v[7], z2 = v[8];
        int width = raster.width();
        int minX = Math.max(0, (int) Math.floor(Math.min(x0, Math.min(x1, x2)) - 0.5));
        int maxX = Math.min(width - 1, (int) Math.ceil(Math.max(x0, Math.max(x1, x2)) - 0.5));
        int minY = Math.max(0, (int) Math.floor(Math.min(y0, Math.min(y1, y2)) - 0.5));
        int maxY = Math.min(raster.height() - 1, (int) Math.ceil(Math.max(y0, Math.max(y1, y2)) - 0.5));
        for (int py = minY; py <= maxY; py++) {
            double cy = py + 0.5;
            for (int px = minX; px <= maxX; px++) {
                double cx = px + 0.5;
                // edge functions: weight of the vertex opposite each edge
                double w0 = edge(x1, y1, x2, y2, cx, cy);
                double w1 = edge(x2, y2, x0, y0, cx, cy);
                double w2 = edge(x0, y0, x1, y1, cx, cy);
                if (!inside(w0, x1, y1, x2, y2) || !inside(w1, x2, y2, x0, y0) || !inside(w2, x0, y0, x1, y1)) {
                    continue;
                }
                double l0 = w0 / area;
                double l1 = w1 / area;
                double l2 = w2 / area;
                double z = l0 * z0 + l1 * z1 + l2 * z2;
                int p = py * width + px;
                if (z < raster.depth()[p]) {
                    raster.depth()[p] = (float) z;
                    raster.triangle()[p] = t;
                    // barycentrics in the triangle's original vertex order
                    raster.b0()[p] = (float) l0;
                    raster.b1()[p] = (float) (swapped ? l2 : l1);
                }
            }
        }
    }

    /** Twice the signed area of (a, b, p): positive when p is left of a→b in a y-down frame. */
    static double edge(double ax, double ay, double bx, double by, double px, double py) {
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
    }

    /** Top-left rule: a centre exactly on an edge belongs to the triangle only for top or left edges. */
    private static boolean inside(double w, double ax, double ay, double bx, double by) {
        if (w > 0) {
            return true;
        }
        if (w < 0) {
            return false;
        }
        double dx = bx - ax;
        double dy = by - ay;
        // positive winding in y-down pixels is clockwise on screen: the top edge runs to the right,
        // left edges run upwards
        boolean top = dy == 0 && dx > 0;
        boolean left = dy < 0;
        return top || left;
    }
}
