package org.tri2plane.train;

import org.tri2plane.core.model.TrainingForward;

/** What one step computed on the first device: its forward pass and targets (valid only during the callback). */
public record StepTensors(long step, TrainingForward forward, StepTargets targets) {}
