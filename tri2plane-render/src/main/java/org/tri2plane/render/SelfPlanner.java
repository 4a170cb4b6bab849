package org.tri2plane.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectImages;

/** Self-reenactment: the subject's own tracked frames (the held-out ones unless a range is given), beside their ground truth. */
final class SelfPlanner implements FramePlanner {

    @Override
    public FramePlan plan(PlanInputs in) throws IOException {
        float[] bg = SubjectImages.background(in.subject);
        List<FramePlan.Frame> out = new ArrayList<>();
        for (FrameParams p : in.select(!in.params.stream().allMatch(FrameParams::train))) {
            out.add(new FramePlan.Frame(p.index(), p.pose(), p.betaArray(),
                    in.avatar.condition(p.index()), in.gammaRow(p.index()),
                    () -> in.truth(in.subject, p.index(), bg)));
        }
        return new FramePlan(out, in.subject.meta().fps(), in.audio(in.subject, out), in.subject.meta().source().fps());
    }
}
