package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.render.landmarks.ExpectedParams;
import org.tri2plane.tracking.face.CanonicalFaceModel;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/** AED/APD on synthetic meshes: a face mesh made from known parameters is fitted back to them. */
class MotionAccuracyTest {

    private static final Camera CAMERA = new Camera(600, 600, 256, 256, 512, 512);

    /** MediaPipe's canonical face in the model's space (scaled, y and z flipped as tracking does), with two expression components. */
    private static PcaMorphableModel model() throws Exception {
        byte[] bytes;
        try (InputStream in = MotionAccuracyTest.class.getResourceAsStream("/models/canonical_face_model.binarypb")) {
            bytes = in.readAllBytes();
        }
        double[] v = CanonicalFaceModel.parse(bytes, "canonical").vertices().clone();
        double s = TrackingSettings.defaults().canonicalScale();
        for (int i = 0; i < v.length / 3; i++) {
            v[3 * i] *= s;
            v[3 * i + 1] *= -s;
            v[3 * i + 2] *= -s;
        }
        double[] jaw = new double[v.length];
        double[] wide = new double[v.length];
        for (int i = 0; i < v.length / 3; i++) {
            jaw[3 * i + 1] = Math.max(0, v[3 * i + 1]); // lower face moves down
            wide[3 * i] = v[3 * i]; // the face widens
        }
        normalise(jaw);
        double d = 0;
        for (int i = 0; i < v.length; i++) {
            d += wide[i] * jaw[i];
        }
        for (int i = 0; i < v.length; i++) {
            wide[i] -= d * jaw[i];
        }
        normalise(wide);
        return new PcaMorphableModel(v, new double[][] {jaw, wide}, new double[] {0.5, 0.5});
    }

    private static void normalise(double[] a) {
        double n = 0;
        for (double x : a) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < a.length; i++) {
            a[i] /= n;
        }
    }

    /** The mesh a face-mesh network would report: pixels x, y and depth in pixel units relative to the head. */
    private static double[] mesh(PcaMorphableModel m, Pose pose, double[] beta) {
        double[] shape = m.shape(beta);
        double z0 = pose.translation()[2];
        double[] out = new double[shape.length];
        for (int i = 0; i < shape.length / 3; i++) {
            double[] p = pose.toCamera(new double[] {shape[3 * i], shape[3 * i + 1], shape[3 * i + 2]});
            double[] q = CAMERA.project(p);
            out[3 * i] = q[0];
            out[3 * i + 1] = q[1];
            out[3 * i + 2] = (p[2] - z0) * CAMERA.fx() / z0;
        }
        return out;
    }

    private static ExpectedParams.Frame frame(Pose p, double[] beta) {
        return new ExpectedParams.Frame(0, 7, p.rotation(), p.translation(), beta);
    }

    @Test
    void aMeshMadeFromKnownParametersFitsBackToThem() throws Exception {
        PcaMorphableModel m = model();
        Pose truth = new Pose(Rotation.mul(Rotation.aboutX(0.1), Rotation.aboutY(0.2)), new double[] {0.1, -0.05, 4.0});
        double[] beta = {0.3, -0.2};
        double[] mesh = mesh(m, truth, beta);
        MotionAccuracy exact = new MotionAccuracy(new ExpectedParams("s", CAMERA, List.of(frame(truth, beta))), m,
                TrackingSettings.defaults());
        MotionAccuracy.Errors e = exact.errors(0, mesh);
        assertTrue(e.rotationDeg() < 0.3, "rotation " + e.rotationDeg());
        assertTrue(e.translationMm() < 5, "translation " + e.translationMm());
        assertTrue(e.vertexMm() < 1, "vertices " + e.vertexMm());
        assertTrue(e.betaL1() < 0.05, "beta " + e.betaL1());

        // the render was asked for 10° more yaw and another expression than the frame shows
        Pose asked = truth.turned(Math.toRadians(10), 0);
        double[] other = {0.0, 0.2};
        MotionAccuracy off = new MotionAccuracy(new ExpectedParams("s", CAMERA, List.of(frame(asked, other))), m,
                TrackingSettings.defaults());
        MotionAccuracy.Errors f = off.errors(0, mesh);
        assertEquals(10, f.rotationDeg(), 0.5);
        assertEquals((0.3 + 0.4) / 2, f.betaL1(), 0.05, "mean |Δβ| of (0.3, 0.4)");
        assertTrue(f.vertexMm() > 10 * e.vertexMm() + 1, "vertex error " + f.vertexMm());
        assertTrue(Double.isNaN(off.errors(0, null).rotationDeg()), "no face: NaN");
        assertTrue(e.mouthMm() < 1 && e.eyesMm() < 1, "regions " + e.mouthMm() + ", " + e.eyesMm());
        assertTrue(f.mouthMm() > 10 * e.mouthMm() + 0.1, "mouth error " + f.mouthMm());
    }

    @Test
    void aRenderThatIgnoresTheTurnScoresFarWorseThanOneThatTurns() throws Exception {
        // the negative control of the novel-view table: an orbit asked for 0-35° of yaw; one "render"
        // turns the head as asked, the other keeps showing the first frame's pose
        PcaMorphableModel m = model();
        Pose base = new Pose(Rotation.aboutX(0.1), new double[] {0.05, 0, 4.0});
        double[] beta = {0.2, 0};
        double[] yaws = {0, 5, 15, 25, 35};
        List<ExpectedParams.Frame> frames = new java.util.ArrayList<>();
        for (double y : yaws) {
            frames.add(frame(base.turned(Math.toRadians(y), 0), beta));
        }
        MotionAccuracy acc = new MotionAccuracy(new ExpectedParams("s", CAMERA, frames), m, TrackingSettings.defaults());
        double[] turns = NovelViews.turns(acc.expected());
        double[] right = new double[yaws.length];
        double[] still = new double[yaws.length];
        for (int k = 0; k < yaws.length; k++) {
            right[k] = acc.errors(k, mesh(m, base.turned(Math.toRadians(yaws[k]), 0), beta)).rotationDeg();
            still[k] = acc.errors(k, mesh(m, base, beta)).rotationDeg();
        }
        double[] csim = new double[yaws.length];
        List<NovelViews.Bin> good = NovelViews.bins(turns, right, csim);
        List<NovelViews.Bin> bad = NovelViews.bins(turns, still, csim);
        NovelViews.Bin goodFar = good.get(good.size() - 1);
        NovelViews.Bin badFar = bad.get(bad.size() - 1);
        assertEquals(30, badFar.fromDeg());
        assertTrue(goodFar.medianApdDeg() < 1, "a head that turns: " + goodFar);
        assertEquals(35, badFar.medianApdDeg(), 1.5, "a head that does not turn is off by the whole turn: " + badFar);
    }

    @Test
    void regionErrorsAreMeansOverTheirOwnVertices() {
        double[] a = new double[468 * 3];
        double[] b = a.clone();
        for (int i : MotionAccuracy.MOUTH_VERTICES) {
            b[3 * i + 1] = 2; // only the lips move, by 2 units
        }
        assertEquals(2.0, MotionAccuracy.meanDistance(a, b, MotionAccuracy.MOUTH_VERTICES), 1e-12);
        assertEquals(0.0, MotionAccuracy.meanDistance(a, b, MotionAccuracy.EYE_VERTICES), 1e-12);
        int[] all = java.util.stream.IntStream.range(0, 468).toArray();
        // the whole-face mean dilutes the same error by 40 / 468
        assertEquals(2.0 * 40 / 468, MotionAccuracy.meanDistance(a, b, all), 1e-12);
    }
}
