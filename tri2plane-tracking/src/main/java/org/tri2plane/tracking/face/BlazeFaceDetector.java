package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.tfjs.TfjsGraph;

/**
 * BlazeFace (the "back" model, 256 x 256 input) on DJL. The image is letterboxed to a square,
 * scaled to [-1, 1]; the 896 SSD anchors (16 x 16 cells x 2 at stride 16, then 8 x 8 x 6 at
 * stride 32, centres at (cell + 0.5)·stride, unit size) decode box centre and size and six
 * keypoints in input pixels; overlapping boxes are suppressed (IoU > 0.3).
 */
public final class BlazeFaceDetector {

    static final int INPUT = 256;
    private static final double IOU = 0.3;

    private final TfjsGraph graph;
    private final double[] anchors;
    private final double minScore;

    public BlazeFaceDetector(TfjsGraph graph, double minScore) {
        this.graph = graph;
        this.minScore = minScore;
        this.anchors = anchors();
    }

    /** Anchor centres (x, y) in input pixels, in the model's output order. */
    static double[] anchors() {
        List<Double> out = new ArrayList<>();
        int[] strides = {16, 32};
        int[] perCell = {2, 6};
        for (int l = 0; l < strides.length; l++) {
            int cells = INPUT / strides[l];
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int n = 0; n < perCell[l]; n++) {
                        out.add(strides[l] * (x + 0.5));
                        out.add(strides[l] * (y + 0.5));
                    }
                }
            }
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** Faces in {@code image}, best first. */
    public List<FaceDetection> detect(RgbImage image, NDManager manager) {
        double side = Math.max(image.width(), image.height());
        double padX = (side - image.width()) / 2;
        double padY = (side - image.height()) / 2;
        // input pixel → image pixel
        Affine2 toImage = new Affine2(side / INPUT, 0, -padX, 0, side / INPUT, -padY);
        float[] input = ImageOps.warp(image, toImage, INPUT, INPUT, 1 / 127.5f, -1f, 0);
        float[] logits512;
        float[] logits384;
        float[] reg512;
        float[] reg384;
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(input, new Shape(1, INPUT, INPUT, 3));
            NDList out = graph.execute(Map.of("input", x), List.of("Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"));
            logits512 = out.get(0).toFloatArray();
            logits384 = out.get(1).toFloatArray();
            reg512 = out.get(2).toFloatArray();
            reg384 = out.get(3).toFloatArray();
        }
        List<FaceDetection> found = new ArrayList<>();
        int n512 = logits512.length;
        for (int i = 0; i < n512 + logits384.length; i++) {
            double logit = i < n512 ? logits512[i] : logits384[i - n512];
            double score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, logit))));
            if (score < minScore) {
                continue;
            }
            float[] reg = i < n512 ? reg512 : reg384;
            int o = 16 * (i < n512 ? i : i - n512);
            double ax = anchors[2 * i];
            double ay = anchors[2 * i + 1];
            double cx = reg[o] + ax;
            double cy = reg[o + 1] + ay;
            double w = reg[o + 2];
            double h = reg[o + 3];
            double[] p0 = toImage.apply(cx - w / 2, cy - h / 2);
            double[] p1 = toImage.apply(cx + w / 2, cy + h / 2);
            double[] kp = new double[12];
            for (int k = 0; k < 6; k++) {
                double[] p = toImage.apply(reg[o + 4 + 2 * k] + ax, reg[o + 5 + 2 * k] + ay);
                kp[2 * k] = p[0];
                kp[2 * k + 1] = p[1];
            }
            found.add(new FaceDetection(p0[0], p0[1], p1[0], p1[1], score, kp));
        }
        found.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
        List<FaceDetection> kept = new ArrayList<>();
        for (FaceDetection d : found) {
            if (kept.stream().noneMatch(k -> k.iou(d) > IOU)) {
                kept.add(d);
            }
        }
        return kept;
    }
}
