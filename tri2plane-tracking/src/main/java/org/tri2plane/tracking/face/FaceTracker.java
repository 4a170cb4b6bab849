package org.tri2plane.tracking.face;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.tri2plane.core.image.RgbImage;

/**
 * Follows one face through a video the way MediaPipe does: the mesh of frame t gives the crop of
 * frame t+1; the detector runs only on the first frame and whenever the mesh loses the face
 * (score below the threshold). A frame where no face is found is reported with its reason.
 */
public final class FaceTracker {

    /** The landmarks of one frame, or the reason there are none. */
    public record Result(FaceMeshLandmarker.Mesh mesh, String dropReason, boolean redetected) {
        public boolean found() {
            return mesh != null;
        }
    }

    private final BlazeFaceDetector detector;
    private final FaceMeshLandmarker mesh;
    private final double minMeshScore;
    private FaceRegion region;

    public FaceTracker(BlazeFaceDetector detector, FaceMeshLandmarker mesh, double minMeshScore) {
        this.detector = detector;
        this.mesh = mesh;
        this.minMeshScore = minMeshScore;
    }

    /** Landmarks for the next frame of the sequence. */
    public Result track(RgbImage frame, NDManager manager) {
        if (region != null) {
            FaceMeshLandmarker.Mesh m = mesh.landmarks(frame, region, manager);
            if (m.score() >= minMeshScore) {
                region = FaceMeshLandmarker.nextRegion(m);
                return new Result(m, null, false);
            }
        }
        List<FaceDetection> found = detector.detect(frame, manager);
        if (found.isEmpty()) {
            region = null;
            return new Result(null, "no face detected", true);
        }
        FaceMeshLandmarker.Mesh m = mesh.landmarks(frame, FaceRegion.fromDetection(found.get(0)), manager);
        if (m.score() < minMeshScore) {
            region = null;
            return new Result(null, String.format("face lost (mesh score %.2f < %.2f)", m.score(), minMeshScore), true);
        }
        region = FaceMeshLandmarker.nextRegion(m);
        return new Result(m, null, true);
    }

    /** Continues tracking from a previous frame's landmarks (resuming an interrupted run). */
    public void resumeFrom(FaceMeshLandmarker.Mesh mesh) {
        region = mesh == null ? null : FaceMeshLandmarker.nextRegion(mesh);
    }

    /** Forgets the current face (next frame starts with detection). */
    public void reset() {
        region = null;
    }
}
