package org.tri2plane.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import org.tri2plane.core.util.Scalars;

/**
 * Image metrics on [B, C, H, W] arrays with values in [0, 1] (definitions in docs/evaluation.md). All are
 * built from differentiable array operations, so SSIM and MS-SSIM also serve as training losses.
 *
 * <ul>
 *   <li>PSNR = 10·log10(1 / MSE) per image (+∞ for identical images);
 *   <li>SSIM with an 11 x 11 Gaussian window (σ = 1.5), K = (0.01, 0.03), valid positions only
 *       (as pytorch_msssim), averaged over channels and positions;
 *   <li>MS-SSIM: contrast-structure terms at the first scales and SSIM at the last, weights
 *       (0.0448, 0.2856, 0.3001, 0.2363, 0.1333), 2 x 2 average pooling between scales; images too
 *       small for five valid scales use the leading weights, renormalised;
 *   <li>SD (paper Eq. 15): 10·log10(N / Σ |(∇m G' + ∇n G') − (∇m G + ∇n G)|) with ∇ the absolute
 *       difference to the previous row / column over the N interior pixel values (+∞ when the
 *       gradients agree everywhere; by this formula higher means a closer sharpness match).
 * </ul>
 */
public final class ImageMetrics {

    /** MS-SSIM scale weights (Wang et al. 2003). */
    static final double[] MS_WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;

    private ImageMetrics() {}

    /** PSNR in dB per image: [B]. */
    public static NDArray psnr(NDArray a, NDArray b) {
        NDArray mse = meanPerImage(a.sub(b).square());
        return Scalars.mul(mse.log10().neg(), 10);
    }

    /** Mean SSIM per image: [B]. */
    public static NDArray ssim(NDArray a, NDArray b) {
        return ssimAndCs(a, b)[0];
    }

    /** {SSIM, contrast-structure} per image, each [B]. */
    static NDArray[] ssimAndCs(NDArray a, NDArray b) {
        long c = a.getShape().get(1);
        if (a.getShape().get(2) < WINDOW || a.getShape().get(3) < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + " x " + WINDOW
                    + " pixels, got " + a.getShape());
        }
        NDArray g = gaussianWindow(a.getManager(), c, a.getDataType());
        NDArray muA = filter(a, g, c);
        NDArray muB = filter(b, g, c);
        NDArray muA2 = muA.square();
        NDArray muB2 = muB.square();
        NDArray muAB = muA.mul(muB);
        NDArray sA = filter(a.square(), g, c).sub(muA2);
        NDArray sB = filter(b.square(), g, c).sub(muB2);
        NDArray sAB = filter(a.mul(b), g, c).sub(muAB);
        NDArray cs = Scalars.add(Scalars.mul(sAB, 2), C2).div(Scalars.add(sA.add(sB), C2));
        NDArray lum = Scalars.add(Scalars.mul(muAB, 2), C1).div(Scalars.add(muA2.add(muB2), C1));
        return new NDArray[] {meanPerImage(lum.mul(cs)), meanPerImage(cs)};
    }

    /** MS-SSIM per image: [B]. */
    public static NDArray msssim(NDArray a, NDArray b) {
        long side = Math.min(a.getShape().get(2), a.getShape().get(3));
        int levels = 1;
        while (levels < MS_WEIGHTS.length && (side >> levels) >= WINDOW) {
            levels++;
        }
        double wsum = 0;
        for (int i = 0; i < levels; i++) {
            wsum += MS_WEIGHTS[i];
        }
        NDArray result = null;
        NDArray x = a;
        NDArray y = b;
        for (int i = 0; i < levels; i++) {
            NDArray[] sc = ssimAndCs(x, y);
            NDArray term = i == levels - 1 ? sc[0] : sc[1];
            // relu keeps the fractional power defined (as pytorch_msssim)
            term = ai.djl.nn.Activation.relu(term);
            NDArray powered = Scalars.pow(Scalars.add(term, 1e-12), MS_WEIGHTS[i] / wsum);
            result = result == null ? powered : result.mul(powered);
            if (i < levels - 1) {
                x = Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
                y = Pool.avgPool2d(y, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
            }
        }
        return result;
    }

    /** Mean over every axis but the first: [B, ...] → [B] (DJL's PyTorch mean takes one axis). */
    public static NDArray meanPerImage(NDArray x) {
        Shape s = x.getShape();
        long n = s.size() / s.get(0);
        return Scalars.div(x.reshape(s.get(0), -1).sum(new int[] {1}), n);
    }

    /** Number of MS-SSIM scales used for a given image side. */
    public static int msssimLevels(long side) {
        int levels = 1;
        while (levels < MS_WEIGHTS.length && (side >> levels) >= WINDOW) {
            levels++;
        }
        return levels;
    }

    /** Sharpness difference of Eq. 15 per image: [B] (dB; report ×10⁻¹ as the paper does). */
    public static NDArray sharpnessDifference(NDArray generated, NDArray truth) {
        NDArray d = gradientSum(generated).sub(gradientSum(truth)).abs();
        NDArray total = d.sum(new int[] {1, 2, 3});
        long n = d.getShape().get(1) * d.getShape().get(2) * d.getShape().get(3);
        return Scalars.mul(Scalars.rsub(Math.log10(n), total.log10()), 10);
    }

    /** ∇m + ∇n over interior pixels [B, C, H−1, W−1]. */
    private static NDArray gradientSum(NDArray x) {
        NDArray cur = x.get(":, :, 1:, 1:");
        NDArray up = x.get(":, :, :-1, 1:");
        NDArray left = x.get(":, :, 1:, :-1");
        return cur.sub(up).abs().add(cur.sub(left).abs());
    }

    /** Depthwise "valid" filtering of [B, C, H, W] with the [C, 1, k, k] window. */
    private static NDArray filter(NDArray x, NDArray g, long c) {
        return Conv2d.conv2d(x, g, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) c).singletonOrThrow();
    }

    /** Normalised 2-D Gaussian window replicated per channel: [C, 1, 11, 11]. */
    static NDArray gaussianWindow(NDManager m, long channels, ai.djl.ndarray.types.DataType type) {
        float[] g1 = new float[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            g1[i] = (float) Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += g1[i];
        }
        float[] g2 = new float[WINDOW * WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            for (int j = 0; j < WINDOW; j++) {
                g2[i * WINDOW + j] = (float) (g1[i] * g1[j] / (sum * sum));
            }
        }
        NDList copies = new NDList();
        NDArray one = Scalars.constant(m, g2, new Shape(1, 1, WINDOW, WINDOW)).toType(type, false);
        for (int c = 0; c < channels; c++) {
            copies.add(one);
        }
        return NDArrays.concat(copies, 0);
    }
}
