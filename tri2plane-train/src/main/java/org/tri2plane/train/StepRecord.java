package org.tri2plane.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished step: its number, loss terms and total, learning rate and
 * wall time. Listeners may attach metrics of their own (the held-out PSNR) for those after them.
 */
public final class StepRecord {

    private final long step;
    private final Map<String, Float> terms;
    private final float total;
    private final double learningRate;
    private final double seconds;
    private double heldOutPsnr = Double.NaN;

    StepRecord(long step, Map<String, Float> terms, double learningRate, double seconds) {
        this.step = step;
        this.terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
        this.total = (float) terms.values().stream().mapToDouble(Float::doubleValue).sum();
        this.learningRate = learningRate;
        this.seconds = seconds;
    }

    /** The step's number (1 for the first step). */
    public long step() {
        return step;
    }

    /** The loss terms in the order the loss reported them. */
    public Map<String, Float> terms() {
        return terms;
    }

    /** The sum of the terms. */
    public float total() {
        return total;
    }

    /** The learning rate the step's update used. */
    public double learningRate() {
        return learningRate;
    }

    /** Wall time of the step, listeners before this one included. */
    public double seconds() {
        return seconds;
    }

    /** The held-out PSNR measured at this step; NaN when none was. */
    public double heldOutPsnr() {
        return heldOutPsnr;
    }

    void heldOutPsnr(double psnr) {
        heldOutPsnr = psnr;
    }
}
