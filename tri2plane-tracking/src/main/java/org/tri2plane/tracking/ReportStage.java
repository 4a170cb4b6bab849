package org.tri2plane.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.util.Stats;
import org.tri2plane.tracking.fit.FrameFitter;

/**
 * Stage 5 of tracking: the report of a subject (reprojection errors of training and held-out
 * frames, dropped frames, pose and expression coverage, warnings, stage times) and its Markdown
 * page.
 */
final class ReportStage {

    /** Yaw range (degrees) below which novel views far outside it are reported as poor. */
    static final double MIN_YAW_RANGE_DEG = 15;
    /** Pitch range (degrees) below which the report says the head hardly tilts. */
    static final double MIN_PITCH_RANGE_DEG = 8;
    /** Held-out expression variance above this multiple of the training frames' is reported. */
    static final double HELD_OUT_EXPRESSION_RATIO = 2;

    private ReportStage() {}

    static TrackingReport.Stage stage(String name, long t0, String summary) {
        return new TrackingReport.Stage(name, (System.nanoTime() - t0) / 1e9, summary);
    }

    static TrackingReport of(Path video, int decoded, int considered, List<TrackLine> kept,
            List<TrackingReport.Dropped> dropped, List<FrameFitter.Fit> fits, int trainCount, double[] errors,
            List<TrackingReport.Stage> stages, long start, long t0, String endedEarly) {
        int n = kept.size();
        double[] test = Arrays.copyOfRange(errors, trainCount, n);
        double[] trainErr = Arrays.copyOfRange(errors, 0, trainCount);
        double[] yaw = new double[n];
        double[] pitch = new double[n];
        double[] r0 = mean(fits);
        for (int i = 0; i < n; i++) {
            double[] rel = Rotation.mul(fits.get(i).pose().rotation(),
                    Rotation.transpose(r0));
            double[] w = Rotation.log(rel);
            yaw[i] = Math.toDegrees(w[1]);
            pitch[i] = Math.toDegrees(w[0]);
        }
        double varTrain = variance(fits.subList(0, trainCount));
        double varTest = variance(fits.subList(trainCount, n));
        List<String> warnings = new ArrayList<>();
        if (endedEarly != null) {
            warnings.add(endedEarly);
        }
        double yawRange = max(yaw) - min(yaw);
        double pitchRange = max(pitch) - min(pitch);
        if (yawRange < MIN_YAW_RANGE_DEG) {
            warnings.add(String.format(Locale.ROOT, "the head turns only %.0f° left to right; novel views far beyond that range"
                    + " will be poor", yawRange));
        }
        if (pitchRange < MIN_PITCH_RANGE_DEG) {
            warnings.add(String.format(Locale.ROOT, "the head tilts only %.0f° up and down", pitchRange));
        }
        if (varTest > HELD_OUT_EXPRESSION_RATIO * Math.max(varTrain, 1e-12)) {
            warnings.add("the held-out frames show much more expression than the training frames");
        }
        if (!dropped.isEmpty()) {
            warnings.add(dropped.size() + " frames without a face were dropped (listed in 'dropped')");
        }
        double total = (System.nanoTime() - start) / 1e9;
        stages = new ArrayList<>(stages);
        stages.add(stage("report", t0, "report.json, report.md, contact_sheet.png"));
        double trackSeconds = stages.get(0).seconds();
        return new TrackingReport(video.toString(), decoded, considered, n, trainCount, n - trainCount, dropped,
                Stats.median(trainErr), Stats.median(test), Stats.percentile(test, 0.9), max(test),
                min(yaw), max(yaw), min(pitch), max(pitch), varTrain, varTest, warnings,
                considered / Math.max(1e-9, trackSeconds), total, stages);
    }

    private static double[] mean(List<FrameFitter.Fit> fits) {
        List<Pose> poses = fits.stream().map(FrameFitter.Fit::pose).toList();
        return Pose.mean(poses).rotation();
    }

    /** Mean over coefficients of the per-coefficient variance of β. */
    private static double variance(List<FrameFitter.Fit> fits) {
        if (fits.size() < 2) {
            return 0;
        }
        int k = fits.get(0).beta().length;
        double total = 0;
        for (int c = 0; c < k; c++) {
            double m = 0;
            for (FrameFitter.Fit f : fits) {
                m += f.beta()[c] / fits.size();
            }
            double v = 0;
            for (FrameFitter.Fit f : fits) {
                v += Math.pow(f.beta()[c] - m, 2) / (fits.size() - 1);
            }
            total += v;
        }
        return total / k;
    }

    static String markdown(TrackingReport r) {
        StringBuilder sb = new StringBuilder("# Tracking report\n\n");
        sb.append("Video: `").append(r.video()).append("`\n\n");
        sb.append("**Result:** ").append(r.verdict()).append(".\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| frames considered | %d (decoded %d) |%n", r.framesConsidered(), r.framesDecoded()));
        sb.append(String.format(Locale.ROOT, "| frames kept | %d (train %d, held out %d) |%n", r.framesKept(), r.trainFrames(), r.heldOutFrames()));
        sb.append(String.format(Locale.ROOT, "| frames dropped | %d |%n", r.dropped().size()));
        sb.append(String.format(Locale.ROOT, "| reprojection error, train (median of per-frame means) | %.2f px |%n", r.trainMedianErrorPx()));
        sb.append(String.format(Locale.ROOT, "| reprojection error, held out (median / 90th pct / max) | %.2f / %.2f / %.2f px |%n",
                r.heldOutMedianErrorPx(), r.heldOutP90ErrorPx(), r.heldOutMaxErrorPx()));
        sb.append(String.format(Locale.ROOT, "| yaw range | %.1f° to %.1f° |%n", r.yawMinDeg(), r.yawMaxDeg()));
        sb.append(String.format(Locale.ROOT, "| pitch range | %.1f° to %.1f° |%n", r.pitchMinDeg(), r.pitchMaxDeg()));
        sb.append(String.format(Locale.ROOT, "| expression variance (train / held out) | %.4g / %.4g |%n",
                r.expressionVarianceTrain(), r.expressionVarianceHeldOut()));
        sb.append(String.format(Locale.ROOT, "| tracking speed | %.1f frames/s |%n", r.trackingFps()));
        sb.append(String.format(Locale.ROOT, "| total time | %.1f s |%n%n", r.seconds()));
        sb.append("## Stages\n\n| stage | seconds | |\n|---|---|---|\n");
        for (TrackingReport.Stage s : r.stages()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %s |%n", s.name(), s.seconds(), s.summary()));
        }
        if (!r.warnings().isEmpty()) {
            sb.append("\n## Warnings\n\n");
            for (String w : r.warnings()) {
                sb.append("- ").append(w).append('\n');
            }
        }
        if (!r.dropped().isEmpty()) {
            sb.append("\n## Dropped frames\n\n");
            for (TrackingReport.Dropped d : r.dropped().subList(0, Math.min(50, r.dropped().size()))) {
                sb.append("- ").append(d.index()).append(": ").append(d.reason()).append('\n');
            }
            if (r.dropped().size() > 50) {
                sb.append("- … (").append(r.dropped().size() - 50).append(" more in report.json)\n");
            }
        }
        sb.append("\n![contact sheet](contact_sheet.png)\n");
        return sb.toString();
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
