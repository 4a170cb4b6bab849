package org.tri2plane.render.view;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.geometry.Camera;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.render.landmarks.MouthOpening;
import org.tri2plane.tracking.face.FaceTracker;
import org.tri2plane.tracking.fit.FrameFitter;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.fit.PoseEstimator;
import org.tri2plane.tracking.fit.ShapeFitter;
import org.tri2plane.tracking.fit.SubjectFitter;
import org.tri2plane.tracking.transfer.ExpressionTransfer;

/**
 * Live drive: a camera picture of anyone, tracked by our face tracker and fitted with the subject's
 * own morphable model (pose and β of the picture), is turned into the subject's terms by the same
 * relative transfer as {@code tri2plane transfer} ({@link ExpressionTransfer}): the change from
 * the person's neutral reference, the mean of the first {@link #NEUTRAL_FRAMES} pictures with a
 * face, is applied to the subject's mean pose and mean shape. Pictures of any size; the camera is
 * a pinhole with the subject's focal factor.
 */
public final class LiveDrive {

    /** Pictures with a face that make the neutral reference. */
    public static final int NEUTRAL_FRAMES = 5;

    private final FaceTracker tracker;
    private final PcaMorphableModel model;
    private final List<Pose> subjectPoses;
    private final TrackingSettings settings;
    private final List<double[]> neutralBetas = new ArrayList<>();
    private final List<Pose> neutralPoses = new ArrayList<>();
    private double[] neutralBeta;
    private Pose neutralPose;
    private Pose previous;

    /**
     * What one picture gave: whether a face was found, how many pictures of the neutral reference
     * are collected, and once it is complete the subject's pose and β to render (else null); the
     * mouth opening ({@link MouthOpening}) of the person's tracked face ({@code personMouth}, NaN
     * without a face) and of the subject's mesh for that β ({@code avatarMouth}, NaN until ready):
     * what the avatar is asked to open.
     */
    public record Step(boolean faceFound, int neutralFrames, Pose pose, double[] beta, double personMouth, double avatarMouth) {
        public boolean ready() {
            return pose != null;
        }
    }

    /**
     * @param tracker the face tracker (detector and mesh)
     * @param model the subject's morphable model
     * @param subjectPoses the subject's training poses (their mean is the pose the motion is applied to)
     * @param settings the subject's tracking settings (focal factor, robust fitting)
     */
    public LiveDrive(FaceTracker tracker, PcaMorphableModel model, List<Pose> subjectPoses, TrackingSettings settings) {
        this.tracker = tracker;
        this.model = model;
        this.subjectPoses = List.copyOf(subjectPoses);
        this.settings = settings;
    }

    /** Tracks and fits one picture (the tracker's arrays live in a manager closed before it returns). */
    public synchronized Step drive(RgbImage picture) {
        FaceTracker.Result found;
        try (NDManager manager = NDManager.newBaseManager()) {
            found = tracker.track(picture, manager);
        }
        if (!found.found()) {
            previous = null;
            return new Step(false, neutralBetas.size(), null, null, Double.NaN, Double.NaN);
        }
        double[] points = found.mesh().points();
        double personMouth = MouthOpening.ofMesh(points, 3);
        int side = Math.max(picture.width(), picture.height());
        double f = settings.focalFactor() * side;
        Camera camera = new Camera(f, f, picture.width() / 2.0, picture.height() / 2.0, picture.width(), picture.height());
        PoseEstimator poses = new PoseEstimator(camera, settings.huberPx(), settings.fitIterations());
        FrameFitter fitter = new FrameFitter(poses, new ShapeFitter(camera, settings.shapePrior(), 10), settings.fitIterations());
        Pose init = previous != null ? previous : poses.initial(model.meanShape(), points);
        FrameFitter.Fit fit = fitter.fit(model, SubjectFitter.pixels(points), init, null);
        previous = fit.pose();
        if (neutralBeta == null) {
            neutralBetas.add(fit.beta());
            neutralPoses.add(fit.pose());
            if (neutralBetas.size() < NEUTRAL_FRAMES) {
                return new Step(true, neutralBetas.size(), null, null, personMouth, Double.NaN);
            }
            neutralBeta = new double[model.expressionCount()];
            for (double[] b : neutralBetas) {
                for (int k = 0; k < b.length; k++) {
                    neutralBeta[k] += b[k] / neutralBetas.size();
                }
            }
            neutralPose = Pose.mean(neutralPoses);
        }
        ExpressionTransfer.Frame t = ExpressionTransfer.transfer(model, List.of(neutralBeta, fit.beta()),
                List.of(neutralPose, fit.pose()), new int[] {0, 1}, 0, model, subjectPoses).get(1);
        return new Step(true, NEUTRAL_FRAMES, t.pose(), t.beta(), personMouth, MouthOpening.ofMesh(model.shape(t.beta()), 3));
    }

    /** Forgets the neutral reference: the next pictures make a new one. */
    public synchronized void reset() {
        neutralBetas.clear();
        neutralPoses.clear();
        neutralBeta = null;
        neutralPose = null;
        previous = null;
        tracker.reset();
    }
}
