package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import org.tri2plane.core.metrics.ImageMetrics;
import org.tri2plane.core.metrics.Lpips;
import org.tri2plane.core.util.Scalars;

/**
 * The perceptual term of Eq. 11 on the SR image: LPIPS when real weights are given
 * ({@code --lpips-weights}), otherwise 1 − MS-SSIM. Its {@link #name()} is written to the log,
 * the checkpoint header and the README so that nobody mistakes one for the other.
 */
interface PerceptualLoss {

    /** "lpips-vgg16", "lpips-alexnet", ... or "ms-ssim". */
    String name();

    /** Mean over the batch of the distance between {@code sr} and {@code target} ([B, 3, H, W] in [0, 1]). */
    NDArray loss(NDArray sr, NDArray target);

    /** 1 − MS-SSIM. */
    static PerceptualLoss msssim() {
        return new PerceptualLoss() {
            @Override
            public String name() {
                return "ms-ssim";
            }

            @Override
            public NDArray loss(NDArray sr, NDArray target) {
                return Scalars.rsub(1, ImageMetrics.msssim(sr, target).mean());
            }
        };
    }

    /** LPIPS with loaded weights. */
    static PerceptualLoss lpips(Lpips lpips) {
        return new PerceptualLoss() {
            @Override
            public String name() {
                return "lpips-" + lpips.backbone();
            }

            @Override
            public NDArray loss(NDArray sr, NDArray target) {
                return lpips.distance(sr, target).mean();
            }
        };
    }
}
