package org.tri2plane.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.util.Scalars;

/**
 * LPIPS (Zhang et al. 2018) with the reference definition: images in [0, 1] are mapped to
 * [−1, 1], shifted and scaled per channel, passed through the backbone; at each tapped layer the
 * features are normalised to unit length over channels, their squared difference is weighted by
 * the layer's non-negative 1x1 head and averaged over positions; the layers are summed. Only ever
 * built from real weights ({@link LpipsWeights}); differentiable with respect to the images.
 */
public final class Lpips implements AutoCloseable {

    private static final double EPS = 1e-10;

    private final LpipsWeights weights;
    private final NDManager manager;
    private final NDArray shift;
    private final NDArray scale;
    private final List<NDArray> convWeights = new ArrayList<>();
    private final List<NDArray> convBiases = new ArrayList<>();
    private final List<NDArray> heads = new ArrayList<>();

    /** Loads {@code weights} onto arrays owned by a sub-manager of {@code parent}. */
    public Lpips(LpipsWeights weights, NDManager parent) {
        this.weights = weights;
        this.manager = parent.newSubManager();
        LpipsWeights.Header h = weights.header();
        shift = manager.create(floats(h.shift()), new Shape(1, 3, 1, 1));
        scale = manager.create(floats(h.scale()), new Shape(1, 3, 1, 1));
        int taps = 0;
        for (LpipsWeights.Layer l : h.layers()) {
            switch (l.op()) {
                case "conv" -> {
                    convWeights.add(tensor(l.name() + ".weight", new Shape(l.out(), l.in(), l.kernel(), l.kernel())));
                    convBiases.add(tensor(l.name() + ".bias", new Shape(l.out())));
                }
                case "tap" -> taps++;
                case "relu", "maxpool" -> { }
                default -> throw new IllegalArgumentException("unknown LPIPS layer op '" + l.op() + "'");
            }
        }
        int channels = 0;
        int tap = 0;
        for (LpipsWeights.Layer l : h.layers()) {
            if ("conv".equals(l.op())) {
                channels = l.out();
            } else if ("tap".equals(l.op())) {
                heads.add(tensor("lin" + tap + ".weight", new Shape(1, channels, 1, 1)));
                tap++;
            }
        }
        if (taps == 0) {
            throw new IllegalArgumentException("LPIPS weights have no tapped layers");
        }
    }

    private NDArray tensor(String name, Shape shape) {
        float[] f = weights.tensors().get(name);
        if (f == null) {
            throw new IllegalArgumentException("LPIPS weights lack tensor '" + name + "'");
        }
        if (f.length != shape.size()) {
            throw new IllegalArgumentException("LPIPS tensor '" + name + "' has " + f.length + " values, expected " + shape);
        }
        return manager.create(f, shape);
    }

    private static float[] floats(List<Double> l) {
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = l.get(i).floatValue();
        }
        return f;
    }

    /** LPIPS distance per image pair: [B]. Inputs [B, 3, H, W] in [0, 1]. */
    public NDArray distance(NDArray a, NDArray b) {
        List<NDArray> fa = features(a);
        List<NDArray> fb = features(b);
        NDArray total = null;
        for (int i = 0; i < fa.size(); i++) {
            NDArray d = normalise(fa.get(i)).sub(normalise(fb.get(i))).square();
            NDArray weighted = Conv2d.conv2d(d, heads.get(i)).singletonOrThrow(); // [B, 1, h, w]
            NDArray layer = ImageMetrics.meanPerImage(weighted);
            total = total == null ? layer : total.add(layer);
        }
        return total;
    }

    private List<NDArray> features(NDArray x) {
        NDArray h = Scalars.sub(Scalars.mul(x, 2), 1).sub(shift).div(scale);
        List<NDArray> taps = new ArrayList<>();
        int conv = 0;
        for (LpipsWeights.Layer l : weights.header().layers()) {
            switch (l.op()) {
                case "conv" -> {
                    h = Conv2d.conv2d(h, convWeights.get(conv), convBiases.get(conv), new Shape(l.stride(), l.stride()),
                            new Shape(l.padding(), l.padding())).singletonOrThrow();
                    conv++;
                }
                case "relu" -> h = Activation.relu(h);
                case "maxpool" -> h = Pool.maxPool2d(h, new Shape(l.kernel(), l.kernel()), new Shape(l.stride(), l.stride()),
                        new Shape(0, 0), false);
                case "tap" -> taps.add(h);
                default -> throw new IllegalStateException(l.op());
            }
        }
        return taps;
    }

    /**
     * x / ‖x‖ over channels; the reference adds ε = 1e-10 after the root, here ε² goes under it,
     * which gives the same value and keeps the gradient finite where all features are zero.
     */
    private static NDArray normalise(NDArray f) {
        NDArray norm = Scalars.add(f.square().sum(new int[] {1}, true), EPS * EPS).sqrt();
        return f.div(norm);
    }

    /** The backbone name recorded in the weight file (vgg16, alexnet, ...). */
    public String backbone() {
        return weights.header().backbone();
    }

    @Override
    public void close() {
        manager.close();
    }
}
