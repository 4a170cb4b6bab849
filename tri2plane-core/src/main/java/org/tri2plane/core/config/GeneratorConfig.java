package org.tri2plane.core.config;

import java.util.List;

/**
 * StyleGAN2-style tri-plane generator. Feature channels at resolution r are
 * {@code min(channelBase / r, channelMax)}; the trunk starts at 4² and doubles up to the largest
 * plane resolution; at each of the three {@code planeResolutions} a head emits 3 planes x
 * {@code planeChannels}. {@code planeSkip} adds the upsampled coarser planes to each finer one
 * (the cascade); {@code crossPlaneSteps} is the released code's 3D-aware cross-plane refinement.
 * {@code canonicalPlanes} adds a learned tri-plane per scale, shared by every frame, to the
 * generated one (not in the paper: the generator then models what changes from frame to frame,
 * and the static head is fitted directly, which converges in far fewer steps). {@code usedPlanes}
 * (1-3) is the cascade-depth ablation of the paper's Table 2: scale s renders from tri-plane
 * Φ_min(s, usedPlanes - 1), so 1 renders every scale from Φ128 and 3 is the full model.
 */
public record GeneratorConfig(
        int channelBase,
        int channelMax,
        int convsPerBlock,
        List<Integer> planeResolutions,
        int planeChannels,
        boolean planeSkip,
        int crossPlaneSteps,
        boolean canonicalPlanes,
        int usedPlanes) {
    public GeneratorConfig {
        Checks.positive("generator.channelBase", channelBase);
        Checks.positive("generator.channelMax", channelMax);
        Checks.atLeast("generator.convsPerBlock", convsPerBlock, 1);
        Checks.notEmpty("generator.planeResolutions", planeResolutions);
        if (planeResolutions.size() != 3) {
            throw new IllegalArgumentException(
                    "generator.planeResolutions must list exactly three resolutions (Φ128, Φ256,"
                            + " Φ512 in the paper), was " + planeResolutions);
        }
        int prev = 4;
        for (int r : planeResolutions) {
            Checks.powerOfTwo("generator.planeResolutions[]", r);
            if (r <= prev) {
                throw new IllegalArgumentException(
                        "generator.planeResolutions must be increasing powers of two above 4, was "
                                + planeResolutions);
            }
            prev = r;
        }
        planeResolutions = List.copyOf(planeResolutions);
        Checks.positive("generator.planeChannels", planeChannels);
        Checks.atMost("generator.planeChannels", planeChannels, 1024);
        // increasing, as checked above: the last is the largest
        Checks.atMost("generator.planeResolutions[]", planeResolutions.get(planeResolutions.size() - 1), 4096);
        Checks.atLeast("generator.crossPlaneSteps", crossPlaneSteps, 0);
        if (usedPlanes < 1 || usedPlanes > 3) {
            throw new IllegalArgumentException("generator.usedPlanes must be 1, 2 or 3 (3: the full cascade), was " + usedPlanes);
        }
    }

    /** The tri-plane (0-2) that renders scale {@code s} (0-2). */
    public int planeOfScale(int s) {
        return Math.min(s, usedPlanes - 1);
    }

    /** Trunk channels at resolution {@code res}. */
    public int channelsAt(int res) {
        return Math.max(1, Math.min(channelBase / res, channelMax));
    }

    /** Resolution of the finest plane. */
    public int maxResolution() {
        return planeResolutions.get(planeResolutions.size() - 1);
    }
}
