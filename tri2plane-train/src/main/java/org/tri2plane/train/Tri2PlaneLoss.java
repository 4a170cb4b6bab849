package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.config.LossConfig;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.util.Scalars;

/**
 * L_total = Σ_s w_s·L1(Î^s_rgb, I^s) + λ_perp·perceptual(I_SR, I) + λ_mask·Σ_s MSE(M̂^s, M^s)
 * (+ w_srL1·L1(I_SR, I), the released code's extra term). Masks are supervised at every scale.
 * With loss.regionWeight &gt; 1 each L1 is a mean of per-pixel errors weighted up on the mouth and
 * eyes (ours).
 */
final class Tri2PlaneLoss {

    private final LossConfig config;
    private final PerceptualLoss perceptual;

    public Tri2PlaneLoss(LossConfig config, PerceptualLoss perceptual) {
        this.config = config;
        this.perceptual = perceptual;
    }

    public PerceptualLoss perceptual() {
        return perceptual;
    }

    /** The terms of one forward pass against its targets. */
    public LossTerms of(TrainingForward out, StepTargets targets) {
        Map<String, NDArray> terms = new LinkedHashMap<>();
        List<RenderedImage> scales = out.scales();
        NDArray mask = null;
        for (int s = 0; s < 3; s++) {
            NDArray l1 = scales.get(s).rgb().sub(targets.rgb()[s]).abs();
            if (targets.weight() != null) {
                l1 = l1.mul(targets.weight()[s]);
            }
            terms.put("rgb" + s, Scalars.mul(l1.mean(), config.rgbWeights().get(s)));
            NDArray m = scales.get(s).mask().sub(targets.mask()[s]).square().mean();
            mask = mask == null ? m : mask.add(m);
        }
        terms.put("perceptual", Scalars.mul(perceptual.loss(out.superResolved(), targets.window()), config.lambdaPerceptual()));
        terms.put("mask", Scalars.mul(mask, config.lambdaMask()));
        if (config.srL1Weight() > 0) {
            NDArray l1 = out.superResolved().sub(targets.window()).abs();
            if (targets.windowWeight() != null) {
                l1 = l1.mul(targets.windowWeight());
            }
            terms.put("srL1", Scalars.mul(l1.mean(), config.srL1Weight()));
        }
        NDArray total = null;
        for (NDArray t : terms.values()) {
            total = total == null ? t : total.add(t);
        }
        return new LossTerms(terms, total);
    }
}
