package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.tri2plane.core.geometry.RaySelection;
import org.tri2plane.core.util.Scalars;

/**
 * Places S samples per ray in S equal bins of [near, far]: uniformly at random inside each bin
 * (stratified, training) or at the bin centres (deterministic, inference). Random draws use the
 * engine's generator, which training seeds per step.
 */
public final class StratifiedSampler {

    private final int samples;

    public StratifiedSampler(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples per ray must be >= 1, was " + samples);
        }
        this.samples = samples;
    }

    /** Samples for rays with ranges {@code near}, {@code far} [B, N, 1]. */
    public RaySamples sample(NDArray near, NDArray far, boolean stratified) {
        return sample(near, far, stratified, null, 0);
    }

    /**
     * Samples with the jitter of batch element b drawn from its own generator seeded by
     * mix(seeds[b], key) when {@code seeds} is given (so a sample's draws do not depend on which
     * other samples share its batch), else from the engine's generator.
     */
    public RaySamples sample(NDArray near, NDArray far, boolean stratified, long[] seeds, long key) {
        return sample(near, far, stratified, seeds, new long[] {key});
    }

    /**
     * Samples rays that are {@code keys.length} equal consecutive groups per batch element (the
     * windows of a batched render); with {@code seeds}, group g of element b draws its jitter
     * from mix(seeds[b], keys[g]), exactly as if the group were rendered alone.
     */
    public RaySamples sample(NDArray near, NDArray far, boolean stratified, long[] seeds, long[] keys) {
        return sample(near, far, stratified, seeds, keys, null);
    }

    /**
     * As {@link #sample(NDArray, NDArray, boolean, long[], long[])} for the rays a {@code selection}
     * keeps of windows keyed by {@code keys} (null: every ray of equal groups): with {@code seeds}
     * each kept ray gets the jitter it has when its whole window is rendered, and a padding ray
     * that of the ray it repeats.
     */
    public RaySamples sample(NDArray near, NDArray far, boolean stratified, long[] seeds, long[] keys,
            RaySelection selection) {
        NDManager manager = near.getManager();
        Shape s = near.getShape();
        long b = s.get(0);
        long n = s.get(1);
        if (selection == null && n % keys.length != 0) {
            throw new IllegalArgumentException(n + " rays do not split into " + keys.length + " equal groups");
        }
        NDArray delta = Scalars.div(far.sub(near), samples); // [B, N, 1]
        NDArray k = manager.arange(0f, samples, 1f, near.getDataType()).reshape(1, 1, samples, 1);
        NDArray offset;
        if (!stratified) {
            offset = manager.full(new Shape(1, 1, samples, 1), 0.5f, near.getDataType());
        } else if (seeds != null && selection != null) {
            offset = Scalars.constant(manager, selectedDraws(seeds, keys, selection, (int) n), new Shape(b, n, samples, 1));
        } else if (seeds != null) {
            int per = (int) (n / keys.length * samples);
            float[] u = new float[(int) (b * n * samples)];
            int at = 0;
            for (int i = 0; i < b; i++) {
                for (long key : keys) {
                    SplittableRandom r = generator(seeds[i], key);
                    for (int j = 0; j < per; j++) {
                        u[at++] = (float) r.nextDouble();
                    }
                }
            }
            offset = Scalars.constant(manager, u, new Shape(b, n, samples, 1));
        } else {
            offset = manager.randomUniform(0f, 1f, new Shape(b, n, samples, 1), near.getDataType(), near.getDevice());
        }
        NDArray t = k.add(offset).mul(delta.expandDims(2)).add(near.expandDims(2)); // [B, N, S, 1]
        return new RaySamples(t, delta);
    }

    /** The draws of the rays of a selection's bundle ({@link RaySelection#bundleRays(int)}), each its window's. */
    private float[] selectedDraws(long[] seeds, long[] keys, RaySelection selection, int n) {
        int elements = selection.kept().length;
        if (keys.length != selection.kept()[0].length) {
            throw new IllegalArgumentException(keys.length + " keys for " + selection.kept()[0].length + " selected windows");
        }
        int perWindow = selection.windowRays() * samples;
        float[] u = new float[elements * n * samples];
        float[] windows = new float[keys.length * perWindow];
        for (int i = 0; i < elements; i++) {
            for (int g = 0; g < keys.length; g++) {
                SplittableRandom r = generator(seeds[i], keys[g]);
                for (int j = 0; j < perWindow; j++) {
                    windows[g * perWindow + j] = (float) r.nextDouble();
                }
            }
            int at = i * n * samples;
            for (int code : selection.bundleRays(i)) { // window · windowRays + ray: its draws sit at code · samples
                System.arraycopy(windows, code * samples, u, at, samples);
                at += samples;
            }
        }
        return u;
    }

    /** The jitter generator of batch element seed {@code seed} and window key {@code key}. */
    private static SplittableRandom generator(long seed, long key) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + key);
    }

    public int samplesPerRay() {
        return samples;
    }

}
