package org.tri2plane.tracking.face;

/**
 * A detected face in image pixels: box corners, confidence in [0, 1], and BlazeFace's six
 * keypoints (right eye, left eye, nose tip, mouth, right ear, left ear; x, y pairs).
 */
public record FaceDetection(double x0, double y0, double x1, double y1, double score, double[] keypoints) {

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    public double centerX() {
        return (x0 + x1) / 2;
    }

    public double centerY() {
        return (y0 + y1) / 2;
    }

    /** Intersection over union with another box. */
    public double iou(FaceDetection o) {
        double ix = Math.max(0, Math.min(x1, o.x1) - Math.max(x0, o.x0));
        double iy = Math.max(0, Math.min(y1, o.y1) - Math.max(y0, o.y0));
        double inter = ix * iy;
        double union = width() * height() + o.width() * o.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
