package org.tri2plane.train;

import java.io.IOException;
import java.util.Map;

/**
 * Something a training run calls back at fixed points of each step (after DJL's
 * TrainingListener): logging, previews, validation, checkpoints and the non-finite-loss stop are
 * each one listener, and a caller adds its own with {@link Trainer#addListener}. Listeners run in
 * the order they were given, the caller's after the standard ones; a listener that throws stops the
 * run (the last checkpoint stays). The arrays of {@link StepTensors} are valid only during the call.
 */
public interface TrainingListener {

    /** Before the first step (after a resume: before the first new step). */
    default void onTrainingBegin(TrainingRun run) throws IOException {}

    /** The step's loss terms before the backward pass. */
    default void onLoss(TrainingRun run, long step, Map<String, Float> terms) {}

    /** After the update, while the step's tensors (its forward pass and targets) are alive. */
    default void onStepTensors(TrainingRun run, StepTensors tensors) throws IOException {}

    /** After the step, its tensors released. */
    default void onStep(TrainingRun run, StepRecord record) throws IOException {}

    /** After the last step, or after a stop was requested between steps. */
    default void onTrainingEnd(TrainingRun run, boolean interrupted) throws IOException {}
}
