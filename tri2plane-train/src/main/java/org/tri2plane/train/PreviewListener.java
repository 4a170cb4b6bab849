package org.tri2plane.train;

import java.io.IOException;
import java.nio.file.Path;
import org.tri2plane.core.nn.Resample;

/** Writes {@code previews/step_NNNNNNN.png} (GT | Φ128 | Φ256 | Φ512 | SR) every {@code training.previewEvery} steps and at the last. */
final class PreviewListener implements TrainingListener {

    private final Path folder;

    PreviewListener(Path folder) {
        this.folder = folder;
    }

    @Override
    public void onStepTensors(TrainingRun run, StepTensors t) throws IOException {
        var config = run.setup().config();
        if (t.step() % config.training().previewEvery() != 0 && t.step() != run.setup().steps()) {
            return;
        }
        int window = config.frame().windowSize();
        var truth = t.targets().window();
        TrainPreviews.preview(folder.resolve(String.format("step_%07d.png", t.step())),
                truth.getShape().get(2) == window ? truth : Resample.boxDownsample(truth, 2), t.forward(), window);
    }
}
