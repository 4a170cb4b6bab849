package org.tri2plane.tracking.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.tracking.fit.PcaMorphableModel;

/**
 * Expression transfer between two tracked subject directories: every driver frame becomes target
 * coefficients and a target pose ({@link ExpressionTransfer}), written as JSON lines in the
 * {@link FrameParams} layout (index = the driver's frame index).
 */
public final class SubjectTransfer {

    private SubjectTransfer() {}

    /** Transferred frames; {@code neutralFrame} is a driver frame index, or null for the least expressive frame. */
    public static List<ExpressionTransfer.Frame> transfer(SubjectDirectory driver, SubjectDirectory target, Integer neutralFrame) {
        PcaMorphableModel dm = PcaMorphableModel.of(driver.morphableModel());
        PcaMorphableModel tm = PcaMorphableModel.of(target.morphableModel());
        List<FrameParams> dp = driver.params();
        List<double[]> betas = new ArrayList<>();
        List<Pose> poses = new ArrayList<>();
        int[] indices = new int[dp.size()];
        int neutral = -1;
        for (int i = 0; i < dp.size(); i++) {
            betas.add(dp.get(i).betaArray());
            poses.add(dp.get(i).pose());
            indices[i] = dp.get(i).index();
            if (neutralFrame != null && indices[i] == neutralFrame) {
                neutral = i;
            }
        }
        if (neutralFrame != null && neutral < 0) {
            throw new IllegalArgumentException("--driver-neutral-frame " + neutralFrame + " is not a kept frame of "
                    + driver.root() + " (its frames run from " + indices[0] + " to " + indices[indices.length - 1]
                    + "; dropped frames are listed in report.json)");
        }
        if (neutral < 0) {
            neutral = ExpressionTransfer.leastExpressive(dm, betas);
        }
        List<Pose> targetPoses = target.params().stream().filter(FrameParams::train).map(FrameParams::pose).toList();
        return ExpressionTransfer.transfer(dm, betas, poses, indices, neutral, tm, targetPoses);
    }

    /** Writes transferred frames as JSON lines. */
    public static void write(List<ExpressionTransfer.Frame> frames, Path file) throws IOException {
        List<FrameParams> lines = new ArrayList<>();
        for (ExpressionTransfer.Frame f : frames) {
            lines.add(FrameParams.of(f.driverIndex(), f.pose(), f.beta(), Double.NaN, false));
        }
        AtomicFiles.writeString(file, SubjectDirectory.toLines(lines));
    }
}
