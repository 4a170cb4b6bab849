package org.tri2plane.render.view;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.render.ConditionMaps;
import org.tri2plane.render.PoseRange;
import org.tri2plane.tracking.face.FaceTracker;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/**
 * What the viewer shows of one opened avatar: its tracked frames, the subject's expression space
 * (coefficient spread for the sliders), its tracked head-turn range, and the picture of a
 * {@link ViewQuery}, rendered with the mean code γ̄ through {@link Avatar#render(View)}.
 */
public final class ViewScene {

    /** How far an expression slider reaches, in the coefficient's tracked standard deviations. */
    public static final double SLIDER_STDS = 3;
    /** Coefficients beyond this many standard deviations are refused. */
    private static final double MAX_STDS = 10;

    private final Avatar avatar;
    private final PcaMorphableModel model;
    private final ConditionMaps conditions;
    private final List<FrameParams> params;
    private final Map<Integer, FrameParams> byIndex = new HashMap<>();
    private final Map<Integer, float[]> frameConditions = new java.util.concurrent.ConcurrentHashMap<>();
    private final double[] coefficientStd;
    private final PoseRange range;
    private final Pose canonicalPose;
    private final int defaultFrame;

    /** The scene of {@code avatar} (opened with its subject). */
    public ViewScene(Avatar avatar) throws IOException {
        this.avatar = avatar;
        this.conditions = new ConditionMaps(avatar.subject(), avatar.config().condition().size());
        this.params = avatar.subject().params();
        for (FrameParams p : params) {
            byIndex.put(p.index(), p);
        }
        this.model = conditions.model();
        this.coefficientStd = new double[avatar.config().latents().expressionDim()];
        for (int k = 0; k < coefficientStd.length; k++) {
            coefficientStd[k] = model.coefficientStd(k);
        }
        this.range = PoseRange.of(params);
        this.canonicalPose = range.mean().facingCamera();
        this.defaultFrame = params.stream().filter(p -> !p.train()).findFirst().orElse(params.get(0)).index();
    }

    /** The picture of {@code q} at the model's own size; fails with what is wrong with the query. */
    public RgbImage render(ViewQuery q) throws IOException {
        int k = coefficientStd.length;
        if (q.beta() != null) {
            if (q.beta().length != k) {
                throw new IllegalArgumentException("beta must hold " + k + " coefficients, held " + q.beta().length);
            }
            for (int i = 0; i < k; i++) {
                if (Math.abs(q.beta()[i]) > MAX_STDS * Math.max(coefficientStd[i], 1e-9)) {
                    throw new IllegalArgumentException("beta[" + i + "] = " + q.beta()[i] + " is beyond " + MAX_STDS
                            + " standard deviations of what the subject showed");
                }
            }
        }
        double yaw = Math.toRadians(q.yawDegrees());
        double pitch = Math.toRadians(q.pitchDegrees());
        Pose pose;
        double[] beta;
        float[] condition;
        if (q.canonical()) {
            pose = canonicalPose.turned(yaw, pitch);
            beta = q.beta() != null ? q.beta() : new double[k];
            condition = conditions.of(beta);
        } else {
            int index = q.frame() < 0 ? defaultFrame : q.frame();
            FrameParams p = byIndex.get(index);
            if (p == null) {
                throw new IllegalArgumentException("frame " + q.frame() + " is not a tracked frame of " + avatar.subject().root().getFileName());
            }
            pose = p.pose().turned(yaw, pitch);
            beta = q.beta() != null ? q.beta() : p.betaArray();
            condition = q.beta() != null ? conditions.of(beta) : frameCondition(index);
        }
        return avatar.render(new View(pose, beta, condition, View.MEAN_GAMMA));
    }

    /** A tracked frame's own condition image, read from the subject once. */
    private float[] frameCondition(int index) throws IOException {
        float[] c = frameConditions.get(index);
        if (c == null) {
            c = avatar.condition(index);
            frameConditions.put(index, c);
        }
        return c;
    }

    /** The avatar with pose {@code pose} and expression {@code beta} (live drive), at the model's own size. */
    public RgbImage render(Pose pose, double[] beta) {
        return avatar.render(new View(pose, beta, conditions.of(beta), View.MEAN_GAMMA));
    }

    /** A live drive of this subject by the faces {@code tracker} finds. */
    public LiveDrive liveDrive(FaceTracker tracker) {
        return new LiveDrive(tracker, model, params.stream().filter(FrameParams::train).map(FrameParams::pose).toList(),
                avatar.subject().meta().tracking());
    }

    /** What the page needs to build its controls. */
    public Info info() {
        List<Integer> heldOut = params.stream().filter(p -> !p.train()).map(FrameParams::index).toList();
        List<Integer> all = params.stream().map(FrameParams::index).toList();
        return new Info(avatar.subject().meta().name(), avatar.nativeSize(), coefficientStd.clone(), SLIDER_STDS, all, heldOut,
                defaultFrame, avatar.subject().meta().fps(), new double[] {range.yawMin(), range.yawMax()},
                new double[] {range.pitchMin(), range.pitchMax()});
    }

    /**
     * The page's controls: subject name, picture side, each expression coefficient's tracked
     * standard deviation and the slider reach in them, the tracked frames and the held-out ones,
     * the frame shown first, the frame rate, and the tracked yaw and pitch ranges (degrees).
     */
    public record Info(String subject, int size, double[] coefficientStd, double sliderStds, List<Integer> frames,
            List<Integer> heldOut, int defaultFrame, double fps, double[] yawRange, double[] pitchRange) {}
}
