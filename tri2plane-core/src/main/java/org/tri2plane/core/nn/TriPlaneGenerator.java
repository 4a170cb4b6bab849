package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.GeneratorConfig;

/**
 * The Tri²-plane generator (Sec. 3.2): one StyleGAN2 trunk that starts from a learned linear
 * projection of w reshaped to 4x4 and doubles its resolution block by block (bilinear x2 then
 * modulated 3x3 convs). At each of the three plane resolutions a {@link TriPlaneHead} emits a
 * tri-plane; with {@code planeSkip} each finer tri-plane adds the upsampled coarser one, so Φ256
 * refines Φ128 and Φ512 refines Φ256 (coarse-to-fine 3D super-resolution). Inputs w [B, S] and
 * optionally one canonical tri-plane per scale ([1, 3, C, R_k, R_k], {@link CanonicalPlanes}),
 * added to each head's output before the skip; outputs Φ_0, Φ_1, Φ_2, each [B, 3, C, R_k, R_k].
 */
public final class TriPlaneGenerator extends Tri2Block {

    private static final int START = 4;

    private final GeneratorConfig config;
    private final DenseLayer start;
    private final ModulatedConv2d startConv;
    private final List<List<ModulatedConv2d>> blocks = new ArrayList<>();
    private final List<TriPlaneHead> heads = new ArrayList<>();

    public TriPlaneGenerator(int styleDim, GeneratorConfig config) {
        this.config = config;
        int c4 = config.channelsAt(START);
        start = addChildBlock("start", new DenseLayer(styleDim, c4 * START * START, Activation.LRELU));
        startConv = addChildBlock("conv4", new ModulatedConv2d(styleDim, c4, c4, 3, true, Activation.LRELU));
        int prev = c4;
        int headIndex = 0;
        for (int res = START * 2; res <= config.maxResolution(); res *= 2) {
            int c = config.channelsAt(res);
            List<ModulatedConv2d> convs = new ArrayList<>();
            for (int i = 0; i < config.convsPerBlock(); i++) {
                convs.add(addChildBlock(
                        "conv" + res + "_" + i,
                        new ModulatedConv2d(styleDim, i == 0 ? prev : c, c, 3, true, Activation.LRELU)));
            }
            blocks.add(convs);
            if (config.planeResolutions().contains(res)) {
                heads.add(addChildBlock(
                        "head" + headIndex++,
                        new TriPlaneHead(styleDim, c, config.planeChannels(), config.crossPlaneSteps())));
            }
            prev = c;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray w = inputs.get(0);
        if (inputs.size() != 1 && inputs.size() != 1 + heads.size()) {
            throw new IllegalArgumentException("generator inputs: w and optionally " + heads.size()
                    + " canonical tri-planes, got " + inputs.size() + " arrays");
        }
        long b = w.getShape().get(0);
        int c4 = config.channelsAt(START);
        NDArray x = start.apply(ps, training, w).reshape(b, c4, START, START);
        x = startConv.apply(ps, x, w, training);
        NDList planes = new NDList();
        NDArray previous = null;
        int res = START;
        int head = 0;
        for (List<ModulatedConv2d> convs : blocks) {
            res *= 2;
            x = Resample.upsample2x(x);
            for (ModulatedConv2d conv : convs) {
                x = conv.apply(ps, x, w, training);
            }
            if (config.planeResolutions().contains(res)) {
                NDArray phi = heads.get(head).forward(ps, new NDList(x, w), training).singletonOrThrow();
                if (inputs.size() > 1) {
                    phi = phi.add(inputs.get(1 + head));
                }
                head++;
                if (config.planeSkip() && previous != null) {
                    phi = phi.add(upsamplePlanes(previous, res));
                }
                planes.add(phi);
                previous = phi;
            }
        }
        return planes;
    }

    /**
     * Bilinear upsampling of tri-planes [B, 3, C, r, r] to [B, 3, C, res, res] with align_corners =
     * true, the sampler's convention, so that the coarse plane's content reaches the finer plane
     * at the same box coordinates.
     */
    static NDArray upsamplePlanes(NDArray planes, int res) {
        Shape s = planes.getShape();
        NDArray flat = planes.reshape(s.get(0), s.get(1) * s.get(2), s.get(3), s.get(4));
        return Resample.resizeBilinearAlignCorners(flat, res, res).reshape(s.get(0), s.get(1), s.get(2), res, res);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        Shape[] out = new Shape[config.planeResolutions().size()];
        for (int i = 0; i < out.length; i++) {
            int r = config.planeResolutions().get(i);
            out[i] = new Shape(b, 3, config.planeChannels(), r, r);
        }
        return out;
    }
}
