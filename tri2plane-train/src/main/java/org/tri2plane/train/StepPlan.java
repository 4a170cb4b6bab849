package org.tri2plane.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.core.subject.FrameParams;

/**
 * Every random choice of one training step, derived from (seed, step) alone so that a resumed run
 * makes exactly the choices a straight run makes: which training frames, each frame's sliding-
 * window offset, the quadrant and tile of the patch layout, the seed of the condition noise and
 * the engine seed for stratified sampling.
 */
record StepPlan(long step, List<FrameParams> frames, List<int[]> offsets, PatchLayout layout, long noiseSeed,
        int engineSeed, int[] sampleIds) {

    /** Seed of sample {@code i} of this plan: its condition noise and its ray jitter, whatever slot it lands in. */
    public long sampleSeed(int i) {
        return mix(noiseSeed, sampleIds[i]);
    }

    /**
     * The plan of {@code step}; with {@code slidingWindow} false every window is the centred one
     * (the offsets are still drawn, so the other choices do not depend on it).
     */
    public static StepPlan of(long seed, long step, List<FrameParams> train, int batchSize, SlidingWindow window,
            int windowSize, boolean slidingWindow) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, step));
        List<FrameParams> frames = new ArrayList<>();
        List<int[]> offsets = new ArrayList<>();
        for (int b = 0; b < batchSize; b++) {
            frames.add(train.get(rnd.nextInt(train.size())));
            int[] offset = window.randomOffset(rnd);
            offsets.add(slidingWindow ? offset : new int[] {0, 0});
        }
        PatchLayout layout = PatchLayout.random(windowSize, rnd);
        int[] ids = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            ids[b] = b;
        }
        return new StepPlan(step, List.copyOf(frames), List.copyOf(offsets), layout, rnd.nextLong(), rnd.nextInt(), ids);
    }

    /** This plan with another patch layout. */
    public StepPlan withLayout(PatchLayout l) {
        return new StepPlan(step, frames, offsets, l, noiseSeed, engineSeed, sampleIds);
    }

    /** A well-spread 64-bit seed from (seed, step) (SplitMix64 finaliser). */
    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
