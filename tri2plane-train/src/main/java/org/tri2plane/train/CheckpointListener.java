package org.tri2plane.train;

import java.io.IOException;
import java.nio.file.Path;
import org.tri2plane.core.model.Checkpoint;
import org.tri2plane.core.model.CheckpointMeta;
import org.tri2plane.core.model.RunEnvironment;

/**
 * Saves the checkpoint every {@code training.checkpointEvery} steps and when the run ends (its
 * last step, or a requested stop), unless that step is already saved. A failed save names the
 * cause and the checkpoint still intact.
 */
final class CheckpointListener implements TrainingListener {

    private final Trainer.CheckpointWriter writer;

    CheckpointListener(Trainer.CheckpointWriter writer) {
        this.writer = writer;
    }

    @Override
    public void onStep(TrainingRun run, StepRecord record) throws IOException {
        if (record.step() % run.setup().config().training().checkpointEvery() == 0) {
            save(run);
        }
    }

    @Override
    public void onTrainingEnd(TrainingRun run, boolean interrupted) throws IOException {
        if (run.lastSaved() != run.step()) {
            save(run);
        }
    }

    private void save(TrainingRun run) throws IOException {
        TrainingRun.Setup s = run.setup();
        long step = run.step();
        CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.FORMAT, CheckpointMeta.VERSION, step, s.seed(), s.config(),
                s.subject().root().toAbsolutePath().toString(), s.subject().meta().source().sha256(),
                s.data().trainFrames().size(), s.loss().perceptual().name(), s.adam().stepCount(), s.adam().learningRate(), null,
                RunEnvironment.current());
        Path dir = s.out().resolve(Checkpoint.FOLDER);
        try {
            writer.save(dir, s.model(), s.adam(), meta);
        } catch (IOException e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            long intact = run.lastSaved();
            throw new TrainingException("cannot save the checkpoint of step " + step + " to " + dir + " (" + cause + "). "
                    + (intact > 0
                            ? "The checkpoint of step " + intact + " there is intact: free some space and continue with --resume"
                            : "No checkpoint was saved yet: free some space and start again"), e);
        }
        run.saved(step);
    }
}
