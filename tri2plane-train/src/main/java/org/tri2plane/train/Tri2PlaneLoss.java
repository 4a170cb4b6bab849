package org.tri2plane.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tri2plane.core.config.GeometryConfig;
import org.tri2plane.core.config.LossConfig;
import org.tri2plane.core.geometry.HeadExtent;
import org.tri2plane.core.model.TrainingForward;
import org.tri2plane.core.render.RenderedImage;
import org.tri2plane.core.util.Scalars;

/**
 * L_total = Σ_s w_s·L1(Î^s_rgb, I^s) + λ_perp·perceptual(I_SR, I) + λ_mask·Σ_s MSE(M̂^s, M^s)
 * (+ w_srL1·L1(I_SR, I), the released code's extra term). Masks are supervised at every scale;
 * the SR terms compare the part of the window the step's SR image covers (superResolution.trainingTiles),
 * weighted by its share of the window: an L1 term then gives each SR pixel of the block the gradient it
 * has in the whole window's mean.
 * With loss.regionWeight &gt; 1 each L1 is a mean of per-pixel errors weighted up on the mouth and
 * eyes (ours). With the config's geometry terms, the depth, front and distortion terms of the
 * scale renders and the turned view's terms ({@link GeometryLoss}; ours).
 */
final class Tri2PlaneLoss {

    private final LossConfig config;
    private final GeometryConfig geometry;
    private final HeadExtent head;
    private final PerceptualLoss perceptual;

    /** The loss without geometry terms (the paper's). */
    public Tri2PlaneLoss(LossConfig config, PerceptualLoss perceptual) {
        this(config, GeometryConfig.none(), null, perceptual);
    }

    /** The loss with the config's geometry terms; {@code head}, the subject's head extent, is needed by geometry.emptyWeight. */
    public Tri2PlaneLoss(LossConfig config, GeometryConfig geometry, HeadExtent head, PerceptualLoss perceptual) {
        if (geometry.emptyWeight() > 0 && head == null) {
            throw new IllegalArgumentException("geometry.emptyWeight needs the subject's head extent (its morphable model)");
        }
        this.config = config;
        this.geometry = geometry;
        this.head = head;
        this.perceptual = perceptual;
    }

    public PerceptualLoss perceptual() {
        return perceptual;
    }

    /** The terms of one forward pass against its targets. */
    public LossTerms of(TrainingForward out, StepTargets targets) {
        return of(out, targets, null);
    }

    /**
     * The terms of one forward pass against its targets, with the geometry terms of its scale renders
     * (when they carry the tracked face) and of the {@code turned} view (null: none): depth, front,
     * distortion; turnedDepth, turnedFront, turnedMask.
     */
    public LossTerms of(TrainingForward out, StepTargets targets, RenderedImage turned) {
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
        NDArray window = out.srCrop(targets.window());
        // A block of the window counts by its share of it, so the rendered tile gets the gradient it would from the whole.
        double share = out.srShare();
        terms.put("perceptual", Scalars.mul(perceptual.loss(out.superResolved(), window), config.lambdaPerceptual() * share));
        terms.put("mask", Scalars.mul(mask, config.lambdaMask()));
        if (config.srL1Weight() > 0) {
            NDArray l1 = out.superResolved().sub(window).abs();
            if (targets.windowWeight() != null) {
                l1 = l1.mul(out.srCrop(targets.windowWeight()));
            }
            terms.put("srL1", Scalars.mul(l1.mean(), config.srL1Weight() * share));
        }
        geometryTerms(out.scales(), turned, terms);
        NDArray total = null;
        for (NDArray t : terms.values()) {
            total = total == null ? t : total.add(t);
        }
        return new LossTerms(terms, total);
    }

    /** The geometry terms, each summed over the scales that carry the tracked face; none for the paper's loss. */
    private void geometryTerms(List<RenderedImage> scales, RenderedImage turned, Map<String, NDArray> terms) {
        if (!geometry.usesFace()) {
            return;
        }
        NDArray depth = null;
        NDArray front = null;
        NDArray distortion = null;
        for (RenderedImage s : scales) {
            if (s.rays() == null) {
                continue;
            }
            depth = sum(depth, GeometryLoss.depth(s));
            front = sum(front, GeometryLoss.front(s, geometry.surfaceMargin()));
            distortion = sum(distortion, GeometryLoss.distortion(s));
        }
        put(terms, "depth", depth, geometry.depthWeight());
        put(terms, "front", front, geometry.frontWeight());
        put(terms, "distortion", distortion, geometry.distortionWeight());
        if (turned != null) {
            put(terms, "turnedDepth", GeometryLoss.depth(turned), geometry.depthWeight());
            put(terms, "turnedFront", GeometryLoss.front(turned, geometry.surfaceMargin()), geometry.frontWeight());
            put(terms, "turnedMask", GeometryLoss.silhouette(turned), config.lambdaMask());
            if (geometry.emptyWeight() > 0) {
                put(terms, "turnedEmpty", GeometryLoss.empty(turned, head), geometry.emptyWeight());
            }
        }
    }

    private static NDArray sum(NDArray a, NDArray b) {
        return a == null ? b : a.add(b);
    }

    private static void put(Map<String, NDArray> terms, String name, NDArray value, double weight) {
        if (value != null && weight > 0) {
            terms.put(name, Scalars.mul(value, weight));
        }
    }
}
