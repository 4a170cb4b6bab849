package org.tri2plane.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.render.TriPlaneSampler;

/**
 * The coarse-to-fine plane skip (Sec. 3.2) hands a finer tri-plane the coarse one's content at
 * the same box coordinates, in the convention the tri-plane sampler reads planes with.
 */
class PlaneSkipTest {

    private final TriPlaneSampler sampler = new TriPlaneSampler();

    /** Planes [1, 3, C, r, r] whose values are linear in the plane's (u, v) ∈ [-1, 1]² (align_corners = true). */
    private static NDArray linearPlanes(NDManager m, int r, int c) {
        float[] v = new float[3 * c * r * r];
        for (int p = 0; p < 3; p++) {
            for (int ch = 0; ch < c; ch++) {
                for (int row = 0; row < r; row++) {
                    for (int col = 0; col < r; col++) {
                        double u = -1 + 2.0 * col / (r - 1);
                        double w = -1 + 2.0 * row / (r - 1);
                        v[((p * c + ch) * r + row) * r + col] = (float) (0.3 * p + 0.7 * (ch + 1) * u - 0.4 * w + 0.1 * ch);
                    }
                }
            }
        }
        return m.create(v, new Shape(1, 3, c, r, r));
    }

    @Test
    void upsampledLinearPlanesSampleLikeTheCoarseOnesEverywhere() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            NDArray coarse = linearPlanes(m, 16, 3);
            NDArray fine = TriPlaneGenerator.upsamplePlanes(coarse, 32);
            assertEquals(new Shape(1, 3, 3, 32, 32), fine.getShape());
            // points anywhere in the box, borders included
            NDArray points = m.randomUniform(-1f, 1f, new Shape(1, 4000, 3));
            NDArray a = sampler.sample(coarse, points);
            NDArray b = sampler.sample(fine, points);
            assertEquals(0f, a.sub(b).abs().max().getFloat(), 2e-5f);
        }
    }

    @Test
    void upsampledRandomPlanesStayCloseToTheCoarseOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            // smooth random content: a 4x4 grid of noise upsampled to 16 with aligned corners
            NDArray seed = m.randomNormal(new Shape(1, 9, 4, 4));
            NDArray coarse = Resample.resizeBilinearAlignCorners(seed, 16, 16).reshape(1, 3, 3, 16, 16);
            NDArray fine = TriPlaneGenerator.upsamplePlanes(coarse, 32);
            NDArray points = m.randomUniform(-1f, 1f, new Shape(1, 4000, 3));
            NDArray a = sampler.sample(coarse, points);
            float err = a.sub(sampler.sample(fine, points)).abs().mean().getFloat();
            float scale = a.abs().mean().getFloat();
            // re-interpolating a piecewise-bilinear function costs a little; a misplaced grid costs far more
            assertTrue(err < 0.01f * scale, "mean error " + err + " against mean magnitude " + scale);
        }
    }
}
