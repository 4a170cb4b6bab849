package org.tri2plane.train;

import ai.djl.ndarray.NDArray;

/**
 * Ground truth of one step, cut from the same sliding window as the rendering: per scale the RGB
 * and mask at the render's resolution (box-filtered for strides 4 and 2), and the full window for
 * the SR image (when the SR output is k = 2 times the window: the k·W window at k times the offset,
 * cut from the k · frameSize ground truth, never an upsample).
 */
record StepTargets(NDArray[] rgb, NDArray[] mask, NDArray window) {}
