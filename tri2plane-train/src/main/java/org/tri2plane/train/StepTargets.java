package org.tri2plane.train;

import ai.djl.ndarray.NDArray;

/**
 * Ground truth of one step, cut from the same sliding window as the rendering: per scale the RGB
 * and mask at the render's resolution (box-filtered for strides 4 and 2), and the full window for
 * the SR image (when the SR output is k = 2 times the window: the k·W window at k times the offset,
 * cut from the k · frameSize ground truth, never an upsample). With loss.regionWeight &gt; 1 the
 * per-pixel L1 weights of the same windows (1 outside the mouth and eyes, the weight inside;
 * {@code weight} per scale [B, 1, h, w], {@code windowWeight} [B, 1, out, out]); null otherwise.
 */
public record StepTargets(NDArray[] rgb, NDArray[] mask, NDArray window, NDArray[] weight, NDArray windowWeight) {

    /** Targets without region weights. */
    StepTargets(NDArray[] rgb, NDArray[] mask, NDArray window) {
        this(rgb, mask, window, null, null);
    }
}
