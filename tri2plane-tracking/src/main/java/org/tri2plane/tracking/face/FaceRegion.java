package org.tri2plane.tracking.face;

import org.tri2plane.core.image.Affine2;

/**
 * The square image region handed to the face-mesh model: centre, side length in image pixels and
 * roll angle (radians; the crop is rotated so that the eyes are level).
 */
public record FaceRegion(double cx, double cy, double size, double angle) {

    /** Map from the model's {@code input x input} crop to image pixels. */
    public Affine2 cropToImage(int input) {
        return Affine2.cropToImage(cx, cy, size, angle, input);
    }

    /** The region around a detection: centre of the box, 1.5x its larger side, level eyes. */
    public static FaceRegion fromDetection(FaceDetection d) {
        double[] k = d.keypoints();
        // keypoint 0 is the subject's right eye (image left), 1 the left eye
        double angle = Math.atan2(k[3] - k[1], k[2] - k[0]);
        return new FaceRegion(d.centerX(), d.centerY(), 1.5 * Math.max(d.width(), d.height()), angle);
    }
}
