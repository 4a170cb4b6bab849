package org.tri2plane.render;

import java.util.List;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.subject.FrameParams;

/**
 * How far the training video turns the head: the yaw (about the camera's vertical axis) and pitch
 * (about its horizontal axis) of each training frame's pose relative to their mean pose, in degrees,
 * and their ranges. A novel view turned beyond them shows what the video never did.
 */
public record PoseRange(Pose mean, double yawMin, double yawMax, double pitchMin, double pitchMax) {

    /** Views turned this much beyond the tracked range get a warning. */
    public static final double SLACK_DEGREES = 10;

    /** The range of the training frames among {@code params}. */
    public static PoseRange of(List<FrameParams> params) {
        List<Pose> poses = params.stream().filter(FrameParams::train).map(FrameParams::pose).toList();
        if (poses.isEmpty()) {
            throw new IllegalArgumentException("no training frame");
        }
        Pose mean = Pose.mean(poses);
        double[] yaw = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] pitch = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Pose p : poses) {
            double[] yp = yawPitch(mean, p);
            yaw[0] = Math.min(yaw[0], yp[0]);
            yaw[1] = Math.max(yaw[1], yp[0]);
            pitch[0] = Math.min(pitch[0], yp[1]);
            pitch[1] = Math.max(pitch[1], yp[1]);
        }
        return new PoseRange(mean, yaw[0], yaw[1], pitch[0], pitch[1]);
    }

    /**
     * {yaw, pitch} in degrees of {@code pose} relative to {@code reference}: of R·R_refᵀ read as
     * Rx(pitch)·Ry(yaw), the order {@link Pose#turned} applies them.
     */
    public static double[] yawPitch(Pose reference, Pose pose) {
        double[] r = Rotation.mul(pose.rotation(), Rotation.transpose(reference.rotation()));
        // Rx(p)·Ry(y) = [[cy, 0, sy], [sp·sy, cp, −sp·cy], [−cp·sy, sp, cp·cy]]
        double yaw = Math.asin(Math.max(-1, Math.min(1, r[2])));
        double pitch = Math.atan2(r[7], r[4]);
        return new double[] {Math.toDegrees(yaw), Math.toDegrees(pitch)};
    }

    /** Whether {@code pose} is turned more than {@link #SLACK_DEGREES} beyond this range in yaw or pitch. */
    public boolean beyond(Pose pose) {
        double[] yp = yawPitch(mean, pose);
        return yp[0] < yawMin - SLACK_DEGREES || yp[0] > yawMax + SLACK_DEGREES || yp[1] < pitchMin - SLACK_DEGREES
                || yp[1] > pitchMax + SLACK_DEGREES;
    }
}
