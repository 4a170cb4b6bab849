package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.tri2plane.tracking.image.Affine2;
import org.tri2plane.tracking.image.ImageOps;
import org.tri2plane.tracking.image.RgbImage;
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
        Affine2 toImage = new Affine2((double) image.width() / INPUT, 0, 0, 0, (double) image.height() / INPUT, 0);
        float[] input = ImageOps.warp(image, toImage, INPUT, INPUT, 1 / 255f, 0f, 0);
        float[] small;
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(input, new Shape(1, INPUT, INPUT, 3));
            small = graph.execute(Map.of("input_1", x), List.of("activation_10:0")).singletonOrThrow().toFloatArray();
        }
        int w = image.width();
        int h = image.height();
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
