package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
        NDManager manager = near.getManager();
        Shape s = near.getShape();
        long b = s.get(0);
        long n = s.get(1);
        if (n % keys.length != 0) {
            throw new IllegalArgumentException(n + " rays do not split into " + keys.length + " equal groups");
        }
        NDArray delta = Scalars.div(far.sub(near), samples); // [B, N, 1]
        NDArray k = manager.arange(0f, samples, 1f, near.getDataType()).reshape(1, 1, samples, 1);
        NDArray offset;
        if (!stratified) {
            offset = manager.full(new Shape(1, 1, samples, 1), 0.5f, near.getDataType());
        } else if (seeds != null) {
            int per = (int) (n / keys.length * samples);
            float[] u = new float[(int) (b * n * samples)];
            int at = 0;
            for (int i = 0; i < b; i++) {
                for (long key : keys) {
                    java.util.SplittableRandom r = new java.util.SplittableRandom(seeds[i] * 0x9E3779B97F4A7C15L + key);
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

    public int samplesPerRay() {
        return samples;
    }

}
