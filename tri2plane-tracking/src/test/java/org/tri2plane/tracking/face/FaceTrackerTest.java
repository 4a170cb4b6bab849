package org.tri2plane.tracking.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.image.RgbImage;

/** Detection, mesh and segmentation on one real frame of the sample video (fixtures/frame240.png). */
class FaceTrackerTest {

    private static NDManager manager;
    private static FaceModels models;
    private static RgbImage frame;

    static Path resource(String name) {
        try {
            return Path.of(FaceTrackerTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        models = FaceModels.fromDirectory(resource("/models"), manager);
        frame = RgbImage.read(resource("/fixtures/frame240.png"));
    }

    @AfterAll
    static void close() {
        models.close();
        manager.close();
    }

    @Test
    void detectorFindsTheOneFace() {
        List<FaceDetection> faces = models.detector().detect(frame, manager);
        assertEquals(1, faces.size());
        FaceDetection f = faces.get(0);
        assertTrue(f.score() > 0.75, "score " + f.score());
        // the face in this frame spans roughly x 120..260, y 70..240 (hair and chin excluded by BlazeFace)
        assertEquals(190, f.centerX(), 20);
        assertEquals(160, f.centerY(), 25);
        assertTrue(f.width() > 90 && f.width() < 190, "width " + f.width());
        // keypoint 0 (right eye) is left of keypoint 1 (left eye), both above the mouth (3)
        double[] k = f.keypoints();
        assertTrue(k[0] < k[2]);
        assertTrue(k[1] < k[7] && k[3] < k[7]);
    }

    @Test
    void meshThroughOurCropMatchesTheGoldenCrop() throws IOException {
        // fixtures/facemesh_input.png is this frame cropped to x 95..285, y 50..240 (190 px) and
        // scaled to 192: the same region handed to our landmarker must give the golden landmarks
        // mapped back to the frame (up to the two resamplers' differences).
        JsonNode golden;
        try (InputStream in = FaceTrackerTest.class.getResourceAsStream("/fixtures/tfjs_golden.json")) {
            golden = new ObjectMapper().readTree(in).get("facemesh").get("Identity_2:0").get("values");
        }
        FaceMeshLandmarker.Mesh mesh = models.mesh().landmarks(frame, new FaceRegion(190, 145, 190, 0), manager);
        assertTrue(mesh.score() > 0.9);
        double sum = 0;
        double max = 0;
        for (int i = 0; i < 468; i++) {
            double gx = 95 + golden.get(3 * i).asDouble() * 190 / 192;
            double gy = 50 + golden.get(3 * i + 1).asDouble() * 190 / 192;
            double d = Math.hypot(mesh.points()[3 * i] - gx, mesh.points()[3 * i + 1] - gy);
            sum += d;
            max = Math.max(max, d);
        }
        assertTrue(sum / 468 < 1.0, "mean landmark distance " + sum / 468 + " px");
        assertTrue(max < 3.0, "max landmark distance " + max + " px");
    }

    @Test
    void trackerDetectsThenFollows() {
        FaceTracker tracker = new FaceTracker(models.detector(), models.mesh(), 0.5);
        FaceTracker.Result first = tracker.track(frame, manager);
        assertTrue(first.found());
        assertTrue(first.redetected());
        FaceTracker.Result second = tracker.track(frame, manager);
        assertTrue(second.found());
        assertFalse(second.redetected(), "the second frame is tracked from the first frame's mesh");
        double drift = 0;
        for (int i = 0; i < 468; i++) {
            drift = Math.max(drift, Math.hypot(first.mesh().points()[3 * i] - second.mesh().points()[3 * i],
                    first.mesh().points()[3 * i + 1] - second.mesh().points()[3 * i + 1]));
        }
        assertTrue(drift < 4, "same frame, re-cropped from the mesh: landmarks move " + drift + " px");
        // nose tip (landmark 1) lies inside the detected face box
        double[] p = second.mesh().points();
        assertEquals(190, p[3], 25);
        assertEquals(170, p[4], 30);
    }

    @Test
    void noFaceIsReported() {
        RgbImage blank = new RgbImage(320, 240, new byte[320 * 240 * 3]);
        FaceTracker tracker = new FaceTracker(models.detector(), models.mesh(), 0.5);
        FaceTracker.Result r = tracker.track(blank, manager);
        assertFalse(r.found());
        assertEquals("no face detected", r.dropReason());
    }

    @Test
    void selfieMaskCoversThePersonNotTheBackdrop() {
        float[] mask = models.selfie().mask(frame, manager);
        assertEquals(frame.width() * frame.height(), mask.length);
        // the face centre is foreground, the blue backdrop corners are not
        assertTrue(mask[160 * frame.width() + 190] > 0.9f);
        assertTrue(mask[20 * frame.width() + 20] < 0.1f);
        assertTrue(mask[20 * frame.width() + 340] < 0.1f);
        // the shirt at the bottom centre is foreground (torso)
        assertTrue(mask[280 * frame.width() + 190] > 0.5f);
    }
}
