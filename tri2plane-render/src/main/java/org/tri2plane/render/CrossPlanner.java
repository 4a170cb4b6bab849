package org.tri2plane.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.transfer.ExpressionTransfer;
import org.tri2plane.tracking.transfer.SubjectTransfer;

/**
 * Cross-reenactment: the driver's expression changes and head motion mapped onto the subject
 * ({@link SubjectTransfer}), at the driver's rate and with its audio, beside the driver's frames;
 * every frame uses the mean code γ̄. Warns when the driver asks for expressions beyond what the
 * subject showed in its training frames ({@link ExpressionRange}).
 */
final class CrossPlanner implements FramePlanner {

    private final RenderMode.Cross mode;

    CrossPlanner(RenderMode.Cross mode) {
        this.mode = mode;
    }

    @Override
    public FramePlan plan(PlanInputs in) throws IOException {
        if (mode.driver() == null) {
            throw new RenderException("cross mode needs --driver DIR (a subject directory from tri2plane track)");
        }
        SubjectDirectory driver = SubjectDirectory.open(mode.driver());
        List<ExpressionTransfer.Frame> frames;
        try {
            frames = SubjectTransfer.transfer(driver, in.subject, mode.driverNeutralFrame());
        } catch (IllegalArgumentException e) {
            throw new RenderException(e.getMessage(), e);
        }
        ConditionMaps conds = new ConditionMaps(in.subject, in.conditionSize());
        PcaMorphableModel model = conds.model();
        List<double[]> asked = frames.stream().map(ExpressionTransfer.Frame::beta).toList();
        for (String warning : ExpressionRange.of(model, in.params).check(model, asked)) {
            in.warn(warning);
        }
        float[] bg = SubjectImages.background(driver);
        RenderRequest r = in.request;
        List<FramePlan.Frame> out = new ArrayList<>();
        for (ExpressionTransfer.Frame f : frames) {
            if (r.fromFrame() != null && (f.driverIndex() < r.fromFrame() || f.driverIndex() > r.toFrame())) {
                continue;
            }
            out.add(new FramePlan.Frame(f.driverIndex(), f.pose(), f.beta(), conds.of(f.beta()), -1,
                    () -> in.truth(driver, f.driverIndex(), bg)));
        }
        return new FramePlan(out, driver.meta().fps(), in.audio(driver, out), driver.meta().source().fps());
    }
}
