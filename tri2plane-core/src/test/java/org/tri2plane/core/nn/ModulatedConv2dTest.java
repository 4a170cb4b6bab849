package org.tri2plane.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModulatedConv2dTest {

    @ParameterizedTest
    @CsvSource({"3, true, LRELU", "1, false, NONE", "3, false, NONE"})
    void equalsExplicitPerSampleConvolution(int k, boolean demod, Activation act) {
        int b = 2, in = 3, out = 4, h = 5, wd = 6, styleDim = 7;
        Random rnd = new Random(11);
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            ModulatedConv2d conv = new ModulatedConv2d(styleDim, in, out, k, demod, act);
            conv.initialize(manager);
            // Non-trivial bias so the test sees it.
            conv.biasParameter().getArray().addi(manager.randomNormal(new Shape(out)));
            float[] x = randn(rnd, b * in * h * wd);
            float[] w = randn(rnd, b * styleDim);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray y = conv.apply(
                    ps, manager.create(x, new Shape(b, in, h, wd)), manager.create(w, new Shape(b, styleDim)), false);
            assertEquals(new Shape(b, out, h, wd), y.getShape());
            assertEquals(y.getShape(), conv.getOutputShapes(new Shape[] {new Shape(b, in, h, wd), new Shape(b, styleDim)})[0]);

            float[] aw = conv.affine().getParameters().get("weight").getArray().toFloatArray(); // [in, styleDim]
            float[] ab = conv.affine().getParameters().get("bias").getArray().toFloatArray(); // [in]
            float[] base = conv.weightParameter().getArray().toFloatArray(); // [out, in, k, k]
            float[] bias = conv.biasParameter().getArray().toFloatArray();
            float[] got = y.toFloatArray();
            double maxDiff = 0;
            for (int s = 0; s < b; s++) {
                // style s_i = A w / √styleDim + a
                double[] style = new double[in];
                for (int i = 0; i < in; i++) {
                    double acc = 0;
                    for (int j = 0; j < styleDim; j++) {
                        acc += aw[i * styleDim + j] * w[s * styleDim + j];
                    }
                    style[i] = acc / Math.sqrt(styleDim) + ab[i];
                }
                // modulated (and demodulated) weight of this sample
                double[] wm = new double[out * in * k * k];
                double g = 1 / Math.sqrt(in * k * k);
                for (int o = 0; o < out; o++) {
                    double sq = 0;
                    for (int i = 0; i < in; i++) {
                        for (int t = 0; t < k * k; t++) {
                            int idx = (o * in + i) * k * k + t;
                            wm[idx] = base[idx] * g * style[i];
                            sq += wm[idx] * wm[idx];
                        }
                    }
                    if (demod) {
                        double d = 1 / Math.sqrt(sq + 1e-8);
                        for (int i = 0; i < in * k * k; i++) {
                            wm[o * in * k * k + i] *= d;
                        }
                    }
                }
                // direct convolution with zero padding
                int pad = k / 2;
                for (int o = 0; o < out; o++) {
                    for (int yy = 0; yy < h; yy++) {
                        for (int xx = 0; xx < wd; xx++) {
                            double acc = bias[o];
                            for (int i = 0; i < in; i++) {
                                for (int ky = 0; ky < k; ky++) {
                                    for (int kx = 0; kx < k; kx++) {
                                        int sy = yy + ky - pad, sx = xx + kx - pad;
                                        if (sy < 0 || sy >= h || sx < 0 || sx >= wd) continue;
                                        acc += wm[((o * in + i) * k + ky) * k + kx]
                                                * x[((s * in + i) * h + sy) * wd + sx];
                                    }
                                }
                            }
                            if (act == Activation.LRELU) {
                                acc = (acc < 0 ? 0.2 * acc : acc) * Math.sqrt(2);
                            }
                            double diff = Math.abs(acc - got[((s * out + o) * h + yy) * wd + xx]);
                            maxDiff = Math.max(maxDiff, diff);
                        }
                    }
                }
            }
            assertTrue(maxDiff < 1e-4, "max |grouped - explicit| = " + maxDiff);
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void everyParameterGetsGradient(boolean demod) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ModulatedConv2d conv = new ModulatedConv2d(4, 3, 2, 3, demod, Activation.LRELU);
            conv.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(2, 3, 4, 4));
            NDArray w = manager.randomNormal(new Shape(2, 4));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(ps, new NDList(x, w), true).singletonOrThrow();
                gc.backward(y.mul(manager.randomNormal(y.getShape())).sum());
            }
            for (var p : conv.getParameters()) {
                float norm = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(norm > 0, "no gradient for " + p.getKey());
            }
            assertTrue(x.getGradient().abs().sum().getFloat() > 0);
        }
    }

    private static float[] randn(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
