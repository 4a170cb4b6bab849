package org.tri2plane.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tri2plane.core.config.Tri2PlaneConfig;
import org.tri2plane.core.model.FrameBatch;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.optim.Adam;
import org.tri2plane.core.subject.SubjectDirectory;

/**
 * One training run from its first new step to its last: the model, optimiser, data and loss it
 * steps, and the listeners it calls. {@link #step} is one patch-sampled multi-scale step (Sec.
 * 3.3, 3.4, 4): the plan drawn from (seed, step), the three scales and the SR image, Eq. 13, the
 * backward pass and one Adam update.
 */
/** One training run as its listeners see it: its config, run directory and the step reached. */
public final class TrainingRun {

    /** What the run trains and where it writes. */
    record Setup(Tri2PlaneConfig config, SubjectDirectory subject, SubjectDataset data, Tri2PlaneModel model,
            ParameterStore store, Adam adam, Tri2PlaneLoss loss, BatchBuilder batches, long seed, long start, int steps,
            Path out) {}

    private final Setup s;
    private final List<TrainingListener> listeners;
    private long step;
    private long lastSaved;
    private StepPlan next;

    TrainingRun(Setup setup, List<TrainingListener> listeners) {
        this.s = setup;
        this.listeners = List.copyOf(listeners);
        this.step = setup.start();
        this.lastSaved = setup.start();
    }

    Setup setup() {
        return s;
    }

    /** The config being trained. */
    public Tri2PlaneConfig config() {
        return s.config();
    }

    /** The run directory (checkpoint, log, previews). */
    public Path out() {
        return s.out();
    }

    /** The step the run ends at. */
    public int steps() {
        return s.steps();
    }

    /** The last step taken (the checkpoint's step before the first one). */
    public long step() {
        return step;
    }

    /** The step of the last checkpoint on disk. */
    public long lastSaved() {
        return lastSaved;
    }

    void saved(long atStep) {
        lastSaved = atStep;
    }

    /** Runs the remaining steps, or until {@code stopRequested} says so between steps; returns whether it was stopped. */
    boolean run(BooleanSupplier stopRequested) throws IOException {
        for (TrainingListener l : listeners) {
            l.onTrainingBegin(this);
        }
        next = plan(s.start() + 1);
        boolean interrupted = false;
        while (step < s.steps()) {
            if (stopRequested.getAsBoolean()) {
                interrupted = true;
                break;
            }
            takeStep();
        }
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(this, interrupted);
        }
        return interrupted;
    }

    /** Takes the next step and tells the listeners. */
    void takeStep() throws IOException {
        step++;
        StepPlan plan = next;
        next = plan(step + 1);
        next.frames().forEach(s.data()::prefetch);
        long t0 = System.nanoTime();
        Map<String, Float> terms = new LinkedHashMap<>();
        try (NDManager m = s.store().getManager().newSubManager(); NDScope scope = new NDScope()) {
            Engine.getInstance().setRandomSeed(plan.engineSeed());
            StepTensors tensors = forwardAndBackward(plan, terms, m);
            s.adam().setLearningRate(s.config().training().learningRateAt(step));
            s.adam().update();
            for (TrainingListener l : listeners) {
                l.onStepTensors(this, tensors);
            }
        }
        StepRecord record = new StepRecord(step, terms, s.config().training().learningRateAt(step), (System.nanoTime() - t0) / 1e9);
        for (TrainingListener l : listeners) {
            l.onStep(this, record);
        }
    }

    /** Forward pass and loss of the plan, then the backward pass of its objective. */
    private StepTensors forwardAndBackward(StepPlan plan, Map<String, Float> terms, NDManager m) {
        StepTensors tensors;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            FrameBatch inputs = s.batches().inputs(s.model(), s.store(), m, plan, true);
            TrainingForward f = s.model().trainingForward(s.store(), inputs, plan.layout(), true);
            StepTargets targets = s.batches().targets(m, plan);
            TurnedView turned = new TurnedView(s.config());
            LossTerms lt = s.loss().of(f, targets, turned.enabled() ? turned.render(s.model(), s.store(), f, inputs) : null);
            terms.putAll(lt.values());
            tensors = new StepTensors(step, f, targets);
            for (TrainingListener l : listeners) {
                l.onLoss(this, step, terms);
            }
            gc.backward(lt.total());
        }
        return tensors;
    }

    private StepPlan plan(long atStep) {
        int window = s.config().frame().windowSize();
        StepPlan plan = StepPlan.of(s.seed(), atStep, s.data().trainFrames(), s.config().training().batchSize(), s.batches().window(),
                window, s.batches().slidingWindow());
        return s.batches().regionLayout(plan, s.seed());
    }
}
