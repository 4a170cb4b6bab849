package org.tri2plane.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.util.NoGrad;
import org.tri2plane.core.util.Scalars;

/**
 * Adam (Kingma and Ba) with bias correction, whose moments are ours to read and write so that a
 * checkpoint can hold them (DJL's optimisers keep their state private). After each update the
 * parameters' gradients are zeroed.
 *
 * <p>θ ← θ − lr · m̂ / (√v̂ + ε), m = β1 m + (1 − β1) g, v = β2 v + (1 − β2) g², m̂ = m / (1 − β1^t),
 * v̂ = v / (1 − β2^t). Each parameter may scale lr by its own multiplier (per-block learning
 * rates); the base lr is set per step by the trainer's schedule.
 */
public final class Adam implements AutoCloseable {

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Double> multipliers = new LinkedHashMap<>();
    private final NDManager state;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double learningRate;
    private long step;

    /** Adam over {@code params} keyed by their unique names; state arrays live in a sub-manager of {@code manager}. */
    public Adam(Map<String, Parameter> params, NDManager manager, double learningRate, double beta1, double beta2, double epsilon) {
        this(params, Map.of(), manager, learningRate, beta1, beta2, epsilon);
    }

    /**
     * Adam whose parameter {@code name} takes steps of lr · {@code rateMultipliers.get(name)} (1 for a
     * name not in the map).
     */
    public Adam(Map<String, Parameter> params, Map<String, Double> rateMultipliers, NDManager manager, double learningRate,
            double beta1, double beta2, double epsilon) {
        for (String name : rateMultipliers.keySet()) {
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("rate multiplier for unknown parameter " + name);
            }
        }
        this.state = manager.newSubManager();
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray p = e.getValue().getArray();
            parameters.put(e.getKey(), e.getValue());
            multipliers.put(e.getKey(), rateMultipliers.getOrDefault(e.getKey(), 1.0));
            first.put(e.getKey(), state.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            second.put(e.getKey(), state.zeros(p.getShape(), p.getDataType(), p.getDevice()));
        }
    }

    /** Applies one update from the current gradients, then zeroes them. */
    public void update() {
        if (parameters.isEmpty()) {
            return;
        }
        step++;
        float lr = (float) learningRate;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        try (NoGrad g = NoGrad.enter(); NDScope constants = new NDScope()) {
            // The update's scalars as 0-d tensors made once per step and shared by every parameter:
            // each update below is then one native call per operator (a Java number would become a
            // new tensor on every call).
            NDArray any = parameters.values().iterator().next().getArray();
            NDArray b1 = Scalars.of(any, beta1);
            NDArray b1c = Scalars.of(any, 1 - beta1);
            NDArray b2 = Scalars.of(any, beta2);
            NDArray b2c = Scalars.of(any, 1 - beta2);
            NDArray invC2 = Scalars.of(any, 1 / c2);
            NDArray eps = Scalars.of(any, epsilon);
            Map<Double, NDArray> rates = new java.util.HashMap<>();
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray rate = rates.computeIfAbsent(multipliers.get(e.getKey()), k -> Scalars.of(any, lr * k / c1));
                NDArray p = e.getValue().getArray();
                // Every array created in the scope (gradient handle, temporaries) is closed with it;
                // the moments and the parameter are only changed in place.
                try (NDScope scope = new NDScope()) {
                    NDArray grad = p.getGradient();
                    NDArray m = first.get(e.getKey());
                    NDArray v = second.get(e.getKey());
                    m.muli(b1).addi(grad.mul(b1c));
                    v.muli(b2).addi(grad.square().muli(b2c));
                    NDArray denom = v.mul(invC2).sqrt().addi(eps);
                    p.subi(m.mul(rate).divi(denom));
                    JniUtils.zeroGrad((PtNDArray) p);
                }
            }
        }
    }

    /** Restores the moments of parameter {@code name} (resume); shapes must match. */
    public void restore(String name, NDArray m, NDArray v) {
        NDArray fm = first.get(name);
        NDArray sv = second.get(name);
        if (fm == null) {
            throw new IllegalArgumentException("no parameter named " + name + " in this optimiser");
        }
        if (!fm.getShape().equals(m.getShape()) || !sv.getShape().equals(v.getShape())) {
            throw new IllegalArgumentException("moment shapes of " + name + " differ: " + m.getShape() + " vs " + fm.getShape());
        }
        m.copyTo(fm);
        v.copyTo(sv);
    }

    /** Updates taken so far (t). */
    public long stepCount() {
        return step;
    }

    /** Restores the step counter (resume). */
    public void setStepCount(long t) {
        this.step = t;
    }

    public double learningRate() {
        return learningRate;
    }

    public void setLearningRate(double lr) {
        this.learningRate = lr;
    }

    /** Parameter names in update order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.keySet()));
    }

    /** First moment m of parameter {@code name} (live array; copy before keeping). */
    public NDArray firstMoment(String name) {
        return first.get(name);
    }

    /** Second moment v of parameter {@code name} (live array). */
    public NDArray secondMoment(String name) {
        return second.get(name);
    }

    @Override
    public void close() {
        state.close();
    }
}
