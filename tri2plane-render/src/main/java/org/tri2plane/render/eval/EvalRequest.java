package org.tri2plane.render.eval;

import java.nio.file.Path;

/**
 * One evaluation: predicted frames against ground-truth frames (folders or videos, aligned by
 * frame index) and/or against expected landmarks ({@code gtLandmarks}, for F-LMD only); an
 * optional mask folder (white = face) that composites both sides onto white first; the side at
 * which image metrics are computed ({@code resolution}, both sides resized to it); LPIPS weights
 * (null: "unavailable"); whether to measure F-LMD; and the asset cache for the face models.
 */
public record EvalRequest(Path pred, Path gt, Path gtLandmarks, Path mask, Path out, int resolution, Path lpipsWeights,
        boolean flmd, Path assetsDir) {

    /** Image metrics and F-LMD at 512², no mask, no LPIPS, default asset cache. */
    public static EvalRequest of(Path pred, Path gt, Path out) {
        return new EvalRequest(pred, gt, null, null, out, 512, null, true, null);
    }
}
