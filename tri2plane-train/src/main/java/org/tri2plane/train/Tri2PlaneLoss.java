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
            terms.put("rgb" + s, Scalars.mul(scales.get(s).rgb().sub(targets.rgb()[s]).abs().mean(), config.rgbWeights().get(s)));
            NDArray m = scales.get(s).mask().sub(targets.mask()[s]).square().mean();
            mask = mask == null ? m : mask.add(m);
        }
        terms.put("perceptual", Scalars.mul(perceptual.loss(out.superResolved(), targets.window()), config.lambdaPerceptual()));
        terms.put("mask", Scalars.mul(mask, config.lambdaMask()));
        if (config.srL1Weight() > 0) {
            terms.put("srL1", Scalars.mul(out.superResolved().sub(targets.window()).abs().mean(), config.srL1Weight()));
        }
        NDArray total = null;
        for (NDArray t : terms.values()) {
            total = total == null ? t : total.add(t);
        }
        return new LossTerms(terms, total);
    }
}
