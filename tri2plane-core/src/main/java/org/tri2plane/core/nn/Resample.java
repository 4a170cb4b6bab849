package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Resampling of [B, C, H, W] maps. DJL's PyTorch JNI has no transposed convolution, so every
 * upsampling is interpolation (followed by a learned conv in the blocks that use it).
 */
public final class Resample {

    /** PyTorch's interpolate mode codes as the DJL JNI numbers them. */
    private static final int NEAREST = 0;
    private static final int BILINEAR = 2;

    private Resample() {}

    /** Bilinear x2 upsampling (align_corners = false: the [1,3,3,1]/4 filter of StyleGAN2). */
    public static NDArray upsample2x(NDArray x) {
        return resize(x, x.getShape().get(2) * 2, x.getShape().get(3) * 2, BILINEAR);
    }

    /** Nearest-neighbour resize to {@code h x w}. */
    public static NDArray resizeNearest(NDArray x, long h, long w) {
        return resize(x, h, w, NEAREST);
    }

    /** Bilinear resize to {@code h x w} (align_corners = false). */
    public static NDArray resizeBilinear(NDArray x, long h, long w) {
        return resize(x, h, w, BILINEAR);
    }

    /**
     * Bilinear resize to {@code h x w} with align_corners = true: the corner samples of input and
     * output coincide, the convention of the tri-plane sampler. A plane resized this way and read
     * by the sampler shows the same content at the same coordinates (exactly for content linear
     * in the coordinates); align_corners = false would magnify it by (R − 1)/(R − 0.5) about the
     * centre when read with align_corners = true.
     */
    public static NDArray resizeBilinearAlignCorners(NDArray x, long h, long w) {
        return resize(x, h, w, BILINEAR, true);
    }

    /** Mean over non-overlapping {@code f x f} blocks (the box filter matching strided rays). */
    public static NDArray boxDownsample(NDArray x, int f) {
        if (f == 1) {
            return x;
        }
        return Pool.avgPool2d(x, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true);
    }

    private static NDArray resize(NDArray x, long h, long w, int mode) {
        return resize(x, h, w, mode, false);
    }

    private static NDArray resize(NDArray x, long h, long w, int mode, boolean alignCorners) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("expected [B, C, H, W], got " + x.getShape());
        }
        return JniUtils.interpolate((PtNDArray) x, new long[] {h, w}, mode, alignCorners);
    }
}
