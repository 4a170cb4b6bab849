package org.tri2plane.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.config.SuperResolutionConfig;

/**
 * U-Net super-resolution (Sec. 3.4): encoder levels (3x3 convs, stride-2 between levels), decoder
 * levels (bilinear x2, concat with the skip, 3x3 convs) and a 1x1 conv whose output is added to
 * the rendered RGB (first three input channels). With an output of twice the input size, a
 * learned x2 stage (bilinear x2 + two 3x3 convs + 1x1 RGB) follows, again residual on the
 * upsampled RGB. Both 1x1 RGB convs start at zero, so an untrained SR stage is the identity on
 * the rendered RGB (bilinear x2 of it with the learned stage). [B, F, W, W] → [B, 3, out, out].
 */
public final class SuperResolution extends Tri2Block {

    private final List<ConvLayer[]> encoder = new ArrayList<>();
    private final List<ConvLayer[]> decoder = new ArrayList<>();
    private final ConvLayer toRgb;
    private final ConvLayer[] upStage;
    private final ConvLayer upRgb;
    private final boolean doubles;

    public SuperResolution(int inputChannels, int windowSize, SuperResolutionConfig config) {
        List<Integer> ch = config.channels();
        int prev = inputChannels;
        for (int l = 0; l < ch.size(); l++) {
            int c = ch.get(l);
            encoder.add(new ConvLayer[] {
                addChildBlock("enc" + l + "_a", new ConvLayer(prev, c, 3, l == 0 ? 1 : 2, Activation.LRELU)),
                addChildBlock("enc" + l + "_b", new ConvLayer(c, c, 3, 1, Activation.LRELU))
            });
            prev = c;
        }
        for (int l = ch.size() - 2; l >= 0; l--) {
            int c = ch.get(l);
            decoder.add(new ConvLayer[] {
                addChildBlock("dec" + l + "_a", new ConvLayer(prev + c, c, 3, 1, Activation.LRELU)),
                addChildBlock("dec" + l + "_b", new ConvLayer(c, c, 3, 1, Activation.LRELU))
            });
            prev = c;
        }
        toRgb = addChildBlock("to_rgb", new ConvLayer(prev, 3, 1, 1, Activation.NONE, true));
        doubles = config.outputResolution() == 2 * windowSize;
        if (doubles) {
            upStage = new ConvLayer[] {
                addChildBlock("up_a", new ConvLayer(prev, prev, 3, 1, Activation.LRELU)),
                addChildBlock("up_b", new ConvLayer(prev, prev, 3, 1, Activation.LRELU))
            };
            upRgb = addChildBlock("up_rgb", new ConvLayer(prev, 3, 1, 1, Activation.NONE, true));
        } else {
            upStage = null;
            upRgb = null;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        List<NDArray> skips = new ArrayList<>();
        NDArray x = input;
        for (ConvLayer[] level : encoder) {
            x = level[1].apply(ps, training, level[0].apply(ps, training, x));
            skips.add(x);
        }
        int skip = skips.size() - 2;
        for (ConvLayer[] level : decoder) {
            x = Resample.upsample2x(x).concat(skips.get(skip--), 1);
            x = level[1].apply(ps, training, level[0].apply(ps, training, x));
        }
        NDArray rgb = input.get(":, 0:3").add(toRgb.apply(ps, training, x));
        if (doubles) {
            NDArray y = Resample.upsample2x(x);
            y = upStage[1].apply(ps, training, upStage[0].apply(ps, training, y));
            rgb = Resample.upsample2x(rgb).add(upRgb.apply(ps, training, y));
        }
        return new NDList(rgb);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long f = doubles ? 2 : 1;
        return new Shape[] {new Shape(s.get(0), 3, s.get(2) * f, s.get(3) * f)};
    }
}
