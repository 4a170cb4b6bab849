package org.tri2plane.train;

import java.util.Locale;
import java.util.Map;
import org.tri2plane.core.model.Checkpoint;

/** Stops the run before the backward pass of a step whose loss has a NaN or infinite term; the last good checkpoint stays. */
final class NonFiniteLossStop implements TrainingListener {

    @Override
    public void onLoss(TrainingRun run, long step, Map<String, Float> terms) {
        for (Map.Entry<String, Float> e : terms.entrySet()) {
            if (!Float.isFinite(e.getValue())) {
                throw new TrainingException(String.format(Locale.ROOT,
                        "step %d: loss term '%s' is %s; stopping. The last good checkpoint (step %d) is kept in %s", step,
                        e.getKey(), e.getValue(), run.lastSaved(), run.setup().out().resolve(Checkpoint.FOLDER)));
            }
        }
    }
}
