package org.tri2plane.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.subject.FrameParams;

/**
 * Novel views: the head of a base frame (the first held-out one unless a range is given; with
 * {@code canonical}, the mean training pose facing the camera with β = 0) turned by
 * yaw · sin(2πk/views) and pitch · sin(4πk/views) about its canonical origin. No ground truth,
 * no audio.
 */
final class OrbitPlanner implements FramePlanner {

    private final RenderMode.Orbit mode;

    OrbitPlanner(RenderMode.Orbit mode) {
        this.mode = mode;
    }

    @Override
    public FramePlan plan(PlanInputs in) throws IOException {
        List<FrameParams> params = in.params;
        List<FrameParams> base;
        if (in.request.fromFrame() != null) {
            base = in.select(false);
        } else {
            List<FrameParams> test = params.stream().filter(p -> !p.train()).toList();
            base = List.of(test.isEmpty() ? params.get(0) : test.get(0));
        }
        boolean canonical = mode.canonical();
        ConditionMaps conds = canonical ? new ConditionMaps(in.subject, in.conditionSize()) : null;
        Pose meanPose = Pose.mean(params.stream().filter(FrameParams::train).map(FrameParams::pose).toList());
        int views = mode.views();
        int n = Math.max(views, base.size());
        List<FramePlan.Frame> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            FrameParams p = base.get(k % base.size());
            double yaw = Math.toRadians(mode.yawDegrees()) * Math.sin(2 * Math.PI * k / views);
            double pitch = Math.toRadians(mode.pitchDegrees()) * Math.sin(4 * Math.PI * k / views);
            Pose at = canonical ? meanPose.facingCamera() : p.pose();
            double[] beta = canonical ? new double[in.subject.meta().expressionDim()] : p.betaArray();
            float[] cond = canonical ? conds.of(beta) : in.avatar.condition(p.index());
            out.add(new FramePlan.Frame(p.index(), at.turned(yaw, pitch), beta, cond, canonical ? -1 : in.gammaRow(p.index()),
                    null));
        }
        warnBeyondTrackedRange(in, out);
        return new FramePlan(out, in.subject.meta().fps(), null, in.subject.meta().source().fps());
    }

    /** Warns once when views turn the head more than {@link PoseRange#SLACK_DEGREES} beyond what the training video shows. */
    private static void warnBeyondTrackedRange(PlanInputs in, List<FramePlan.Frame> frames) {
        PoseRange range = PoseRange.of(in.params);
        int beyond = 0;
        double[] most = {0, 0};
        for (FramePlan.Frame f : frames) {
            if (range.beyond(f.pose())) {
                beyond++;
                double[] yp = PoseRange.yawPitch(range.mean(), f.pose());
                most[0] = Math.abs(yp[0]) > Math.abs(most[0]) ? yp[0] : most[0];
                most[1] = Math.abs(yp[1]) > Math.abs(most[1]) ? yp[1] : most[1];
            }
        }
        if (beyond > 0) {
            in.warn(String.format(Locale.ROOT, "%d of %d views turn the head beyond what the training video shows (up to %.0f° yaw,"
                    + " %.0f° pitch from the training frames' mean pose; the video turns it %.0f° to %.0f° in yaw, %.0f° to %.0f° in"
                    + " pitch): those views are extrapolated and may smear (docs/evaluation.md, novel views)", beyond, frames.size(),
                    most[0], most[1], range.yawMin(), range.yawMax(), range.pitchMin(), range.pitchMax()));
        }
    }
}
