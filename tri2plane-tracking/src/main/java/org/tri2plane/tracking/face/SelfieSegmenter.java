package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.tfjs.TfjsGraph;

/**
 * Person segmentation (MediaPipe selfie model, 256 x 256 input in [0, 1]): the probability that a
 * pixel shows the person (head, hair, neck, torso), returned at the image's own resolution.
 */
public final class SelfieSegmenter {

    static final int INPUT = 256;

    private final TfjsGraph graph;

    public SelfieSegmenter(TfjsGraph graph) {
        this.graph = graph;
    }

    /** Foreground probability per pixel, row-major, {@code width x height} of {@code image}. */
    public float[] mask(RgbImage image, NDManager manager) {
        return sample(network(image, manager), image.width(), image.height());
    }

    /**
     * The foreground probability of a square {@code image} at each of the square sizes {@code sides}
     * (e.g. a frame and its hi-res copy), all from one network output: one row-major array per side.
     */
    public float[][] masks(RgbImage image, NDManager manager, int... sides) {
        if (image.width() != image.height()) {
            throw new IllegalArgumentException("masks at several sizes need a square image, was "
                    + image.width() + "x" + image.height());
        }
        float[] small = network(image, manager);
        float[][] out = new float[sides.length][];
        for (int k = 0; k < sides.length; k++) {
            out[k] = sample(small, sides[k], sides[k]);
        }
        return out;
    }

    /** The network's INPUT x INPUT probability map of {@code image}. */
    private float[] network(RgbImage image, NDManager manager) {
        Affine2 toImage = new Affine2((double) image.width() / INPUT, 0, 0, 0, (double) image.height() / INPUT, 0);
        float[] input = ImageOps.warp(image, toImage, INPUT, INPUT, 1 / 255f, 0f, 0);
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(input, new Shape(1, INPUT, INPUT, 3));
            return graph.execute(Map.of("input_1", x), List.of("activation_10:0")).singletonOrThrow().toFloatArray();
        }
    }

    /** The map bilinearly sampled at the pixel centres of a {@code w x h} image. */
    private static float[] sample(float[] small, int w, int h) {
        float[] out = new float[w * h];
        double sx = (double) INPUT / w;
        double sy = (double) INPUT / h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = ImageOps.sampleMap(small, INPUT, INPUT, (x + 0.5) * sx, (y + 0.5) * sy);
            }
        }
        return out;
    }
}
