package org.tri2plane.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.HeadExtent;
import org.tri2plane.core.render.RayWeights;
import org.tri2plane.core.render.RenderedImage;

/**
 * The geometry terms against values computed by hand, on a render of two rays of four samples: ray
 * 0 meets the face at distance 10 (samples at 9, 9.5, 10, 10.5, bin width 0.5, weights 0.1, 0.2,
 * 0.6, 0), ray 1 misses it (samples at 1..4, bin width 1, fog of weight 0.25 each).
 */
class GeometryLossTest {

    static RenderedImage render(NDManager m, float[] weights, float[] t, float[] delta, float[] surface) {
        int n = surface.length;
        int s = weights.length / n;
        float[] mask = new float[n];
        float[] depth = new float[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < s; i++) {
                mask[r] += weights[r * s + i];
                depth[r] += weights[r * s + i] * t[r * s + i];
            }
        }
        // rays from the origin along +z: sample i of a ray sits at (0, 0, t_i)
        float[] dirs = new float[3 * n];
        for (int r = 0; r < n; r++) {
            dirs[3 * r + 2] = 1;
        }
        RayWeights rays = new RayWeights(m.create(weights, new Shape(1, n, s)), m.create(t, new Shape(1, n, s)),
                m.create(delta, new Shape(1, n, 1)), m.create(surface, new Shape(1, n, 1)), m.zeros(new Shape(1, n, 3)),
                m.create(dirs, new Shape(1, n, 3)));
        return new RenderedImage(m.zeros(new Shape(1, 3, 1, n)), m.create(mask, new Shape(1, 1, 1, n)),
                m.create(depth, new Shape(1, 1, 1, n)), rays);
    }

    static RenderedImage twoRays(NDManager m) {
        return render(m, new float[] {0.1f, 0.2f, 0.6f, 0f, 0.25f, 0.25f, 0.25f, 0.25f},
                new float[] {9f, 9.5f, 10f, 10.5f, 1f, 2f, 3f, 4f}, new float[] {0.5f, 1f}, new float[] {10f, 0f});
    }

    @Test
    void depthIsTheOpacityNormalisedErrorOnTheFace() {
        try (NDManager m = NDManager.newBaseManager()) {
            // ray 0: Σ w t = 0.9 + 1.9 + 6 = 8.8 over opacity 0.9 → 9.7778, 0.2222 short of the face; ray 1 does not count
            assertEquals(10 - 8.8 / 0.9, GeometryLoss.depth(twoRays(m)).getFloat(), 1e-5);
        }
    }

    @Test
    void frontIsTheWeightBeforeTheFaceLessTheMargin() {
        try (NDManager m = NDManager.newBaseManager()) {
            // limit 10 − 0.25 = 9.75: the samples at 9 and 9.5, weight 0.1 + 0.2
            assertEquals(0.3, GeometryLoss.front(twoRays(m), 0.25).getFloat(), 1e-6);
            // limit 9.25: only the first
            assertEquals(0.1, GeometryLoss.front(twoRays(m), 0.75).getFloat(), 1e-6);
        }
    }

    @Test
    void silhouetteIsTheMissingOpacityOnTheFace() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(0.01, GeometryLoss.silhouette(twoRays(m)).getFloat(), 1e-6);
        }
    }

    @Test
    void distortionByHandAndFogAgainstASpike() {
        try (NDManager m = NDManager.newBaseManager()) {
            // ray 0: s = t / 2; pairs 2·(0.02·0.25 + 0.06·0.5 + 0.12·0.25) = 0.13, self 0.41 / 12
            // ray 1 (fog): s = t / 4; pairs 0.0625 · 5 = 0.3125, self 0.25 / 12; their mean
            double ray0 = 0.13 + 0.41 / 12;
            double ray1 = 0.3125 + 0.25 / 12;
            assertEquals((ray0 + ray1) / 2, GeometryLoss.distortion(twoRays(m)).getFloat(), 1e-5);
            assertEquals(1 / 3.0, ray1, 1e-9, "fog over the whole range costs a third");
            NDArray spike = GeometryLoss.distortion(render(m, new float[] {0, 0, 1, 0}, new float[] {1, 2, 3, 4}, new float[] {1},
                    new float[] {0}));
            assertEquals(1 / 12.0, spike.getFloat(), 1e-6, "all weight in one of 4 bins costs 1/(3·4)");
            assertTrue(spike.getFloat() < ray1 / 3);
        }
    }

    @Test
    void emptyIsTheWeightOutsideTheHeadProxyAboveTheChin() {
        try (NDManager m = NDManager.newBaseManager()) {
            // the rays run from the origin along +z, so sample i sits at (0, 0, t_i); a head extent of ±1 has the proxy
            // ellipsoid of radius 1.2 around the origin: ray 0 (z 9 to 10.5) lies all outside, weight 0.9; ray 1 has z = 1
            // inside ((1 / 1.2)² < 1) and z = 2, 3, 4 outside, weight 0.75
            HeadExtent head = new HeadExtent(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
            assertEquals((0.9 + 0.75) / 2, GeometryLoss.empty(twoRays(m), head).getFloat(), 1e-6);
            // a head whose chin is above y = 0 (y points down): every sample is below the chin, where the neck may be
            HeadExtent high = new HeadExtent(new double[] {-1, -3, -1}, new double[] {1, -1, 1});
            assertEquals(0, GeometryLoss.empty(twoRays(m), high).getFloat(), 0);
        }
    }

    @Test
    void aRayThatMissesTheBoxCostsNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            // near = far: bin width 0, all weights 0
            RenderedImage missed = render(m, new float[] {0, 0, 0, 0}, new float[] {5, 5, 5, 5}, new float[] {0}, new float[] {0});
            assertEquals(0, GeometryLoss.distortion(missed).getFloat(), 0);
            assertEquals(0, GeometryLoss.depth(missed).getFloat(), 0);
            assertEquals(0, GeometryLoss.front(missed, 0.1).getFloat(), 0);
        }
    }
}
