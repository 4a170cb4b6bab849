package org.tri2plane.core.config;

/**
 * Learning-rate schedule of a run: a linear warm-up from 0 over {@code warmupSteps}, then a cosine
 * decay to {@code finalFraction} of the rate at {@code training.steps}, held there after it
 * ({@code finalFraction} 1 keeps the rate constant). The horizon is the config's step count, not
 * {@code --steps}, so a resumed run follows the schedule a straight run follows.
 */
public record ScheduleConfig(int warmupSteps, double finalFraction) {
    public ScheduleConfig {
        Checks.atLeast("training.schedule.warmupSteps", warmupSteps, 0);
        if (!(finalFraction > 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("training.schedule.finalFraction must be in (0, 1], was " + finalFraction);
        }
    }

    /** Multiplier of the base rate at 1-based {@code step} of a run of {@code horizon} steps. */
    public double factor(long step, long horizon) {
        if (warmupSteps > 0 && step <= warmupSteps) {
            return (double) step / warmupSteps;
        }
        if (step >= horizon || horizon <= warmupSteps) {
            return finalFraction;
        }
        double progress = (double) (step - warmupSteps) / (horizon - warmupSteps);
        return finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
