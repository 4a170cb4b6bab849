package org.tri2plane.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tri2plane.core.geometry.SlidingWindow;
import org.tri2plane.core.render.PatchLayout;
import org.tri2plane.tracking.subject.FrameParams;

/**
 * Every random choice of one training step, derived from (seed, step) alone so that a resumed run
 * makes exactly the choices a straight run makes: which training frames, each frame's sliding-
 * window offset, the quadrant and tile of the patch layout, the seed of the condition noise and
 * the engine seed for stratified sampling.
 */
public record StepPlan(long step, List<FrameParams> frames, List<int[]> offsets, PatchLayout layout, long noiseSeed,
        int engineSeed) {

    /** The plan of {@code step}. */
    public static StepPlan of(long seed, long step, List<FrameParams> train, int batchSize, SlidingWindow window,
            int windowSize) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, step));
        List<FrameParams> frames = new ArrayList<>();
        List<int[]> offsets = new ArrayList<>();
        for (int b = 0; b < batchSize; b++) {
            frames.add(train.get(rnd.nextInt(train.size())));
            offsets.add(window.randomOffset(rnd));
        }
        PatchLayout layout = PatchLayout.random(windowSize, rnd);
        return new StepPlan(step, List.copyOf(frames), List.copyOf(offsets), layout, rnd.nextLong(), rnd.nextInt());
    }

    /** A well-spread 64-bit seed from (seed, step) (SplitMix64 finaliser). */
    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
