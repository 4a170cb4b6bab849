package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.metrics.ImageMetrics;
import org.tri2plane.core.nn.Resample;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.util.NoGrad;

/**
 * Measures the held-out PSNR every {@code training.validationEvery} steps and at the last: the
 * mean PSNR (dB) of the SR render of a few held-out frames, under the mean code γ̄, against their
 * centred window, rendered through an {@link Avatar} of the model being trained. Attaches it to the step's record for the log.
 */
final class ValidationListener implements TrainingListener {

    @Override
    public void onStep(TrainingRun run, StepRecord record) {
        TrainingRun.Setup s = run.setup();
        if (record.step() % s.config().training().validationEvery() == 0 || record.step() == s.steps()) {
            record.heldOutPsnr(heldOutPsnr(s));
        }
    }

    /** The held-out PSNR of the model now; NaN when the subject holds no held-out frames. */
    static double heldOutPsnr(TrainingRun.Setup s) {
        Tri2PlaneConfig config = s.config();
        List<FrameParams> test = s.data().testFrames();
        int n = Math.min(config.training().validationFrames(), test.size());
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        NDManager root = s.store().getManager();
        try (NDManager m = root.newSubManager(); NDScope scope = new NDScope(); NoGrad g = NoGrad.enter();
                Avatar avatar = Avatar.of(s.model(), root, s.data().camera(), s.data().conditionFraming(),
                        s.data().expressionWarp())) {
            for (int i = 0; i < n; i++) {
                FrameData d = s.data().frame(test.get(i * test.size() / n));
                NDArray sr = avatar.renderTensor(m, new View(d.pose(), d.beta(), d.condition(), View.MEAN_GAMMA));
                if (sr.getShape().get(2) != config.frame().windowSize()) {
                    sr = Resample.boxDownsample(sr, 2);
                }
                sum += ImageMetrics.psnr(sr, s.batches().centredTruth(m, d)).getFloat(0);
            }
        }
        return sum / n;
    }
}
