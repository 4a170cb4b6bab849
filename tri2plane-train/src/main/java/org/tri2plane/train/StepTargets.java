package org.tri2plane.train;

import ai.djl.ndarray.NDArray;

/**
 * Ground truth of one step, cut from the same sliding window as the rendering: per scale the RGB
 * and mask at the render's resolution (box-filtered for strides 4 and 2), and the full window for
 * the SR image (upsampled when the SR output is twice the window).
 */
public record StepTargets(NDArray[] rgb, NDArray[] mask, NDArray window) {}
