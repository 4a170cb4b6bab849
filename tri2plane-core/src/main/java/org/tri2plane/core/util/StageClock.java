package org.tri2plane.core.util;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits the wall time of a step into named stages (generator, sampling, MLP, …) for benchmarks.
 * Each {@link #mark(String)} charges the time since the previous mark (or {@link #start()}) to
 * a stage; stages accumulate over a step. On the CPU engine every operator runs to completion
 * before returning, so wall time between marks is the cost of the operators issued between them.
 * {@link #OFF} ignores marks and costs nothing.
 */
public final class StageClock {

    /** A clock that records nothing. */
    public static final StageClock OFF = new StageClock(false);

    private final boolean enabled;
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long last;

    private StageClock(boolean enabled) {
        this.enabled = enabled;
    }

    /** A clock that records marks. */
    public static StageClock recording() {
        return new StageClock(true);
    }

    /** True unless this is {@link #OFF}. */
    public boolean enabled() {
        return enabled;
    }

    /** Clears the stages and starts timing from now. */
    public void start() {
        if (enabled) {
            nanos.clear();
            last = System.nanoTime();
        }
    }

    /** Charges the time since the previous mark to {@code stage}. */
    public void mark(String stage) {
        if (enabled) {
            long now = System.nanoTime();
            nanos.merge(stage, now - last, Long::sum);
            last = now;
        }
    }

    /** Seconds per stage since {@link #start()}, in the order stages were first marked. */
    public Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v / 1e9));
        return out;
    }
}
