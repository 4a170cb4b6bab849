package org.tri2plane.eval;

import java.nio.file.Path;

/**
 * One evaluation: predicted frames against ground-truth frames (folders or videos, aligned by
 * frame index) and/or against expected landmarks ({@code gtLandmarks}, for F-LMD only); an
 * optional mask folder (white = face) that composites both sides onto white first; the side at
 * which image metrics are computed ({@code resolution}: {@link #NATIVE} for the frames' own size,
 * else a smaller square side both are resized down to; never upsampled); LPIPS weights
 * (null: "unavailable"); whether to measure F-LMD; the asset cache for the face models; and the
 * subject directory whose training frames are the identity reference of CSIM ({@code identityRef},
 * null: no CSIM); and the parameters the frames were rendered from ({@code gtParams}, from
 * {@code render --expected-params}; null: no AED/APD).
 */
public record EvalRequest(Path pred, Path gt, Path gtLandmarks, Path mask, Path out, int resolution, Path lpipsWeights,
        boolean flmd, Path assetsDir, Path identityRef, Path gtParams) {

    /** {@code resolution} meaning "the frames' own size". */
    public static final int NATIVE = 0;

    /** Without CSIM. */
    public EvalRequest(Path pred, Path gt, Path gtLandmarks, Path mask, Path out, int resolution, Path lpipsWeights,
            boolean flmd, Path assetsDir) {
        this(pred, gt, gtLandmarks, mask, out, resolution, lpipsWeights, flmd, assetsDir, null, null);
    }

    /** Image metrics at the frames' own size and F-LMD, no mask, no LPIPS, default asset cache. */
    public static EvalRequest of(Path pred, Path gt, Path out) {
        return new EvalRequest(pred, gt, null, null, out, NATIVE, null, true, null);
    }

    /** This request with CSIM against the training frames of {@code subject}. */
    public EvalRequest withIdentityRef(Path subject) {
        return new EvalRequest(pred, gt, gtLandmarks, mask, out, resolution, lpipsWeights, flmd, assetsDir, subject, gtParams);
    }

    /** This request with AED/APD against the parameters in {@code file}. */
    public EvalRequest withGtParams(Path file) {
        return new EvalRequest(pred, gt, gtLandmarks, mask, out, resolution, lpipsWeights, flmd, assetsDir, identityRef, file);
    }
}
