package org.tri2plane.train;

import org.tri2plane.core.geometry.Pose;

/**
 * One kept frame at the config's sizes: ground truth composited on the background
 * ({@code rgb}, 3 x F x F, [0, 1]), the foreground {@code mask} (F x F), the 6-channel condition
 * image (texture RGB then normal map, 6 x S x S, [0, 1]), β, pose, its source index and its row in
 * the γ table (−1 for held-out frames). {@code srRgb} is the composited ground truth at
 * k · F (3 x kF x kF) for an SR output k = 2 times the window, from real hi-res frames; null when k = 1.
 * {@code region} is the frame's mouth-and-eyes map (F x F, 0/1, {@link ExpressionRegions}); null
 * when the loss does not weight those regions.
 */
record FrameData(int index, int row, float[] rgb, float[] mask, float[] condition, double[] beta, Pose pose,
        float[] srRgb, float[] region) {}
