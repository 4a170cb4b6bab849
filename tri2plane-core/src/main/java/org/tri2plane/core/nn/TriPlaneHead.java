package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * "To tri-plane" head: a 1x1 modulated conv without demodulation (StyleGAN2's toRGB) maps trunk
 * features to 3 planes x C channels, followed by optional cross-plane steps. Inputs: x [B, Ct, R,
 * R], w [B, S]; output planes [B, 3, C, R, R].
 */
public final class TriPlaneHead extends Tri2Block {

    private final int planeChannels;
    private final ModulatedConv2d toPlanes;
    private final List<CrossPlaneStep> steps = new ArrayList<>();

    public TriPlaneHead(int styleDim, int trunkChannels, int planeChannels, int crossPlaneSteps) {
        this.planeChannels = planeChannels;
        toPlanes = addChildBlock(
                "to_planes",
                new ModulatedConv2d(styleDim, trunkChannels, 3 * planeChannels, 1, false, Activation.NONE));
        for (int i = 0; i < crossPlaneSteps; i++) {
            steps.add(addChildBlock("cross" + i, new CrossPlaneStep(styleDim, planeChannels)));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray w = inputs.get(1);
        long b = x.getShape().get(0);
        long r = x.getShape().get(2);
        NDArray planes = toPlanes.apply(ps, x, w, training).reshape(b, 3, planeChannels, r, r);
        for (CrossPlaneStep step : steps) {
            planes = step.forward(ps, new NDList(planes, w), training).singletonOrThrow();
        }
        return new NDList(planes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, planeChannels, s.get(2), s.get(3))};
    }
}
