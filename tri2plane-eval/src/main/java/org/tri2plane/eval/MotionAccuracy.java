package org.tri2plane.eval;

import java.io.IOException;
import java.nio.file.Path;
import org.tri2plane.core.geometry.FaceContours;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.render.landmarks.ExpectedParams;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.fit.PoseEstimator;
import org.tri2plane.tracking.fit.ShapeFitter;
import org.tri2plane.tracking.fit.SubjectFitter;

/**
 * AED and APD: how well a rendered frame makes the expression and head pose it was rendered from.
 * The frame's face mesh (found as F-LMD finds it, at 512²) is fitted with our own tracker in the
 * subject's morphable model through the render camera; the fitted pose and β are compared with
 * the parameters of the render ({@code tri2plane render --expected-params}). APD: the rotation
 * between fitted and expected head pose in degrees, and the distance of their translations in
 * millimetres; AED: the mean absolute difference of the expression coefficients, and the mean
 * distance of the expression meshes' 468 vertices in millimetres (which does not depend on the
 * basis). Millimetres: MediaPipe's canonical face is in centimetres, and the model's unit is
 * {@code canonicalScale} of it.
 */
public final class MotionAccuracy {

    /**
     * One frame's errors (NaN when no face was found): besides the whole face's mean vertex
     * distance, the same mean over the lips ({@code mouthMm}) and over both eyes' contours
     * ({@code eyesMm}), where a mean over 468 vertices hides a mouth that does not open.
     */
    public record Errors(double rotationDeg, double translationMm, double betaL1, double vertexMm, double mouthMm,
            double eyesMm) {
        static final Errors NONE = new Errors(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** MediaPipe's lip vertices: outer and inner contours, both lips (40). */
    static final int[] MOUTH_VERTICES = concat(FaceContours.outerLip(), FaceContours.innerLip());

    /** MediaPipe's eyelid contours, right eye then left eye (32). */
    static final int[] EYE_VERTICES = concat(FaceContours.rightEye(), FaceContours.leftEye());

    private final ExpectedParams expected;
    private final PcaMorphableModel model;
    private final FrameFitter fitter;
    private final PoseEstimator poses;
    private final double mmPerUnit;

    MotionAccuracy(ExpectedParams expected, PcaMorphableModel model, TrackingSettings s) {
        this.expected = expected;
        this.model = model;
        this.poses = new PoseEstimator(expected.camera(), s.huberPx(), s.fitIterations());
        this.fitter = new FrameFitter(poses, new ShapeFitter(expected.camera(), s.shapePrior(), 10), s.fitIterations());
        this.mmPerUnit = 10 / s.canonicalScale();
    }

    /** Reads an expected-parameters file and the morphable model of the subject it names. */
    public static MotionAccuracy read(Path file) throws IOException {
        ExpectedParams e = ExpectedParams.read(file);
        SubjectDirectory subject = SubjectDirectory.open(Path.of(e.subject()));
        return new MotionAccuracy(e, PcaMorphableModel.of(subject.morphableModel()), subject.meta().tracking());
    }

    /** What the render drove its frames with. */
    public ExpectedParams expected() {
        return expected;
    }

    /** Frames in the file. */
    public int frames() {
        return expected.frames().size();
    }

    /** The errors of output frame {@code k} whose face mesh (468 x 3 values at 512²) is {@code mesh}; null mesh: no face. */
    public Errors errors(int k, double[] mesh) {
        if (mesh == null) {
            return Errors.NONE;
        }
        ExpectedParams.Frame want = expected.frames().get(k);
        Pose init = poses.initial(model.meanShape(), mesh);
        FrameFitter.Fit fit = fitter.fit(model, SubjectFitter.pixels(mesh), init, null);
        Pose truth = new Pose(want.rotation(), want.translation());
        double[] rel = Rotation.mul(fit.pose().rotation(), Rotation.transpose(truth.rotation()));
        double[] w = Rotation.log(rel);
        double angle = Math.toDegrees(Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]));
        double[] t = fit.pose().translation();
        double[] u = truth.translation();
        double dt = Math.sqrt(Math.pow(t[0] - u[0], 2) + Math.pow(t[1] - u[1], 2) + Math.pow(t[2] - u[2], 2));
        double l1 = 0;
        for (int i = 0; i < want.beta().length; i++) {
            l1 += Math.abs(fit.beta()[i] - want.beta()[i]) / want.beta().length;
        }
        double[] a = model.shape(fit.beta());
        double[] b = model.shape(want.beta());
        int[] all = new int[a.length / 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new Errors(angle, dt * mmPerUnit, l1, meanDistance(a, b, all) * mmPerUnit,
                meanDistance(a, b, MOUTH_VERTICES) * mmPerUnit, meanDistance(a, b, EYE_VERTICES) * mmPerUnit);
    }

    /** The mean distance of vertices {@code which} of two meshes (x, y, z per vertex). */
    static double meanDistance(double[] a, double[] b, int[] which) {
        double v = 0;
        for (int i : which) {
            v += Math.sqrt(Math.pow(a[3 * i] - b[3 * i], 2) + Math.pow(a[3 * i + 1] - b[3 * i + 1], 2)
                    + Math.pow(a[3 * i + 2] - b[3 * i + 2], 2));
        }
        return v / which.length;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
