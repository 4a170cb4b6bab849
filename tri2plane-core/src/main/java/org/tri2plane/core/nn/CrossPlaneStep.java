package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The released code's 3D-aware cross-plane step: each plane is concatenated with the other two
 * planes mean-pooled along the axis it does not share and broadcast back, then a modulated conv
 * (3C → C, shared by the three planes) is added to it as a residual. Planes are XY (rows y, cols
 * x), XZ (rows z, cols x) and ZY (rows y, cols z). Inputs: planes [B, 3, C, R, R], w [B, S].
 */
public final class CrossPlaneStep extends Tri2Block {

    private final int channels;
    private final ModulatedConv2d conv;

    public CrossPlaneStep(int styleDim, int channels) {
        this.channels = channels;
        conv = addChildBlock("conv", new ModulatedConv2d(styleDim, 3 * channels, channels, 3, true, Activation.NONE));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray planes = inputs.get(0);
        NDArray w = inputs.get(1);
        Shape s = planes.getShape();
        long b = s.get(0);
        long r = s.get(3);
        Shape full = new Shape(b, channels, r, r);
        NDArray xy = planes.get(":, 0");
        NDArray xz = planes.get(":, 1");
        NDArray zy = planes.get(":, 2");
        // Axis 2 of a [B, C, H, W] plane is its rows, axis 3 its columns.
        NDArray forXy = xy.concat(xz.mean(new int[] {2}, true).broadcast(full), 1)
                .concat(zy.mean(new int[] {3}, true).broadcast(full), 1);
        NDArray forXz = xz.concat(xy.mean(new int[] {2}, true).broadcast(full), 1)
                .concat(zy.mean(new int[] {2}, true).transpose(0, 1, 3, 2).broadcast(full), 1);
        NDArray forZy = zy.concat(xy.mean(new int[] {3}, true).broadcast(full), 1)
                .concat(xz.mean(new int[] {3}, true).transpose(0, 1, 3, 2).broadcast(full), 1);
        // [B, 3, 3C, R, R] → [B*3, 3C, R, R], sample-major so styles repeat per sample.
        NDArray stacked = NDArrays.stack(new NDList(forXy, forXz, forZy), 1).reshape(b * 3, 3L * channels, r, r);
        NDArray delta = conv.apply(ps, stacked, w.repeat(0, 3), training).reshape(b, 3, channels, r, r);
        return new NDList(planes.add(delta));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
