package org.tri2plane.render.landmarks;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.tracking.face.FaceDetection;
import org.tri2plane.tracking.face.FaceMeshLandmarker;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceRegion;

/**
 * The 68 F-LMD landmarks of an image scaled to 512 x 512, with MediaPipe's face mesh. A reference
 * image is searched with BlazeFace ({@link #detect}); a prediction is measured in the region its
 * reference gives ({@link #inRegion}), so a blurry render that the detector would miss still gets
 * landmarks. Either way the mesh runs twice, the second time on the crop its own first landmarks
 * give (as MediaPipe does when tracking).
 */
public final class FaceLandmarks {

    /** Side at which F-LMD is measured (pixels at 512², as the paper reports it). */
    public static final int SIDE = 512;

    /**
     * The 68 points (136 values, 512² pixels), the region the first mesh pass ran in (hand it to
     * {@link #inRegion} to measure another image through the same crops), the final face score,
     * and the whole 468-point mesh (x, y, depth per point, 512² pixels) the 68 were taken from.
     */
    public record Face(double[] points, FaceRegion start, double score, double[] mesh) {}

    private final FaceModels models;

    public FaceLandmarks(FaceModels models) {
        this.models = models;
    }

    private static RgbImage at512(RgbImage image) {
        return image.width() == SIDE && image.height() == SIDE ? image : ImageOps.resize(image, SIDE, SIDE);
    }

    /** The face BlazeFace finds (the first), or null when there is none. */
    public Face detect(RgbImage image) {
        RgbImage img = at512(image);
        try (NDManager m = models.manager().newSubManager()) {
            List<FaceDetection> faces = models.detector().detect(img, m);
            if (faces.isEmpty()) {
                return null;
            }
            return twoPass(img, FaceRegion.fromDetection(faces.get(0)), m);
        }
    }

    /** The face mesh in {@code region} (512² pixels), refined once on its own region. */
    public Face inRegion(RgbImage image, FaceRegion region) {
        try (NDManager m = models.manager().newSubManager()) {
            return twoPass(at512(image), region, m);
        }
    }

    private Face twoPass(RgbImage img, FaceRegion region, NDManager m) {
        FaceMeshLandmarker.Mesh first = models.mesh().landmarks(img, region, m);
        FaceRegion next = FaceMeshLandmarker.nextRegion(first);
        FaceMeshLandmarker.Mesh mesh = models.mesh().landmarks(img, next, m);
        return new Face(Landmarks68.select(mesh.points(), 3, 1), region, mesh.score(), mesh.points());
    }

    /**
     * The face-mesh region around 68 expected points: the mesh also covers the forehead, so the
     * box is extended upwards by a quarter of its height before taking 1.5x its larger side; the
     * roll is that of the outer eye corners (points 36 and 45).
     */
    public static FaceRegion regionOf(double[] points) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int k = 0; k < Landmarks68.COUNT; k++) {
            x0 = Math.min(x0, points[2 * k]);
            x1 = Math.max(x1, points[2 * k]);
            y0 = Math.min(y0, points[2 * k + 1]);
            y1 = Math.max(y1, points[2 * k + 1]);
        }
        y0 -= 0.25 * (y1 - y0);
        double angle = Math.atan2(points[2 * 45 + 1] - points[2 * 36 + 1], points[2 * 45] - points[2 * 36]);
        return new FaceRegion((x0 + x1) / 2, (y0 + y1) / 2, 1.5 * Math.max(x1 - x0, y1 - y0), angle);
    }
}
