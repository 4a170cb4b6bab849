package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * The MediaPipe face mesh (192 x 192 input scaled to [0, 1]): 468 landmarks (x, y in pixels of the
 * crop, z in the same scale, smaller = nearer) and a face score. Landmarks are mapped back to image
 * pixels through the crop's affine map; z is scaled like x and y.
 */
public final class FaceMeshLandmarker {

    static final int INPUT = 192;

    /** Landmarks of one face. */
    public record Mesh(double[] points, double score) {
        /** Axis-aligned bounds {minX, minY, maxX, maxY} of the landmarks. */
        public double[] bounds() {
            double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int i = 0; i < points.length / 3; i++) {
                b[0] = Math.min(b[0], points[3 * i]);
                b[1] = Math.min(b[1], points[3 * i + 1]);
                b[2] = Math.max(b[2], points[3 * i]);
                b[3] = Math.max(b[3], points[3 * i + 1]);
            }
            return b;
        }
    }

    private final TfjsGraph graph;

    public FaceMeshLandmarker(TfjsGraph graph) {
        this.graph = graph;
    }

    /** Landmarks of the face in {@code region} of {@code image}, in image coordinates. */
    public Mesh landmarks(RgbImage image, FaceRegion region, NDManager manager) {
        Affine2 toImage = region.cropToImage(INPUT);
        float[] input = ImageOps.warp(image, toImage, INPUT, INPUT, 1 / 255f, 0f, 0);
        float[] raw;
        float score;
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(input, new Shape(1, INPUT, INPUT, 3));
            NDList out = graph.execute(Map.of("input_1", x), List.of("Identity_2:0", "Identity_1:0"));
            raw = out.get(0).toFloatArray();
            score = out.get(1).toFloatArray()[0];
        }
        double s = toImage.scale();
        double[] pts = new double[raw.length];
        for (int i = 0; i < raw.length / 3; i++) {
            double[] p = toImage.apply(raw[3 * i], raw[3 * i + 1]);
            pts[3 * i] = p[0];
            pts[3 * i + 1] = p[1];
            pts[3 * i + 2] = raw[3 * i + 2] * s;
        }
        return new Mesh(pts, score);
    }

    /** The region for the next frame from this frame's landmarks: 1.5x the landmark box, eyes level. */
    public static FaceRegion nextRegion(Mesh mesh) {
        double[] b = mesh.bounds();
        double[] p = mesh.points();
        // outer eye corners: 33 (subject's right, image left) and 263
        double angle = Math.atan2(p[3 * 263 + 1] - p[3 * 33 + 1], p[3 * 263] - p[3 * 33]);
        double size = 1.5 * Math.max(b[2] - b[0], b[3] - b[1]);
        return new FaceRegion((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, size, angle);
    }
}
