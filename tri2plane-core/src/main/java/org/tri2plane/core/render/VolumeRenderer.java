package org.tri2plane.core.render;

import ai.djl.ndarray.NDArray;
import org.tri2plane.core.util.Scalars;

/**
 * Emission-absorption volume rendering by quadrature. With per-sample optical depth
 * τ_i = σ_i·δ and transmittance T_i = exp(−Σ_{j<i} τ_j), the weight of sample i is
 * w_i = T_i (1 − exp(−τ_i)); features = Σ w_i f_i, mask = Σ w_i = 1 − exp(−Σ τ_i), depth = Σ w_i t_i.
 * For a constant density σ over a ray segment of length d the mask is exactly 1 − exp(−σ d).
 */
public final class VolumeRenderer {

    /**
     * Composites {@code sigma} [B, N, S, 1] and {@code features} [B, N, S, F] sampled at
     * {@code samples}.
     */
    public Composite composite(NDArray sigma, NDArray features, RaySamples samples) {
        NDArray tau = sigma.mul(samples.delta().expandDims(2)); // [B, N, S, 1]
        NDArray inclusive = tau.cumSum(2);
        NDArray transmittance = inclusive.sub(tau).neg().exp();
        NDArray weights = transmittance.mul(Scalars.rsub(1, tau.neg().exp()));
        NDArray rgb = weights.mul(features).sum(new int[] {2});
        NDArray mask = weights.sum(new int[] {2});
        NDArray depth = weights.mul(samples.t()).sum(new int[] {2});
        return new Composite(rgb, mask, depth, weights);
    }
}
