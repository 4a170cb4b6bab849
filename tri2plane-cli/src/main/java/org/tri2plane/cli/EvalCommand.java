package org.tri2plane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tri2plane.eval.EvalRequest;
import org.tri2plane.eval.EvalSummary;
import org.tri2plane.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tri2plane eval}: the paper's metrics of predicted frames against ground truth. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "PSNR, SSIM, MS-SSIM, SD (Eq. 15), LPIPS (with --lpips-weights) at the frames' own size and F-LMD",
            "(68 MediaPipe landmarks at 512²) of predicted frames against ground truth, aligned by frame index.",
            "Writes OUT/frames.csv (per frame) and OUT/summary.json (means, frames, resolutions)."
        })
final class EvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "DIR|VIDEO", description = "Predicted frames: a folder of PNG/JPEG or a video.")
    private Path pred;

    @Option(names = "--gt", paramLabel = "DIR|VIDEO", description = "Ground-truth frames (same count, indices and size).")
    private Path gt;

    @Option(names = "--gt-landmarks", paramLabel = "FILE",
            description = "Expected landmarks (tri2plane render --landmarks) instead of detecting them on --gt; F-LMD only without --gt.")
    private Path gtLandmarks;

    @Option(names = "--mask", paramLabel = "DIR", description = "Masks (white = face): both sides are composited onto white first.")
    private Path mask;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    private Path out;

    @Option(names = "--resolution", paramLabel = "PX",
            description = "Score the image metrics with both sides resized down to PX²; never above the frames' size "
                    + "(default: the frames' own size).")
    private Integer resolution;

    @Option(names = "--lpips-weights", paramLabel = "FILE", description = "LPIPS weights (docs/lpips.md); without them LPIPS is 'unavailable'.")
    private Path lpipsWeights;

    @Option(names = "--no-flmd", description = "Skip F-LMD (no face models needed).")
    private boolean noFlmd;

    @Option(names = "--identity-ref", paramLabel = "DIR",
            description = "A subject directory: CSIM of every frame against the mean face descriptor of its training frames.")
    private Path identityRef;

    @Option(names = "--gt-params", paramLabel = "FILE",
            description = "The parameters the frames were rendered from (render --expected-params): AED and APD of every frame.")
    private Path gtParams;

    @Option(names = "--assets-dir", paramLabel = "DIR", description = "Asset cache for the face models (default: $TRI2PLANE_ASSETS or ~/.cache/tri2plane/assets).")
    private Path assetsDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Evaluator evaluator = new Evaluator(line -> {
            w.println(line);
            w.flush();
        });
        EvalSummary s = evaluator.run(new EvalRequest(pred, gt, gtLandmarks, mask, out,
                resolution == null ? EvalRequest.NATIVE : resolution, lpipsWeights, !noFlmd, assetsDir,
                identityRef, gtParams));
        w.printf(Locale.ROOT, "%d frames: PSNR %s dB, SSIM %s, MS-SSIM %s, SD %s dB, LPIPS %s, F-LMD %s px (%d frames with faces)%n",
                s.frames(), fmt(s.psnr()), fmt(s.ssim()), fmt(s.msssim()), fmt(s.sd()),
                s.lpips() == null ? s.lpipsNetwork() : fmt(s.lpips()), fmt(s.flmd()), s.flmdFrames());
        if (s.apdRotationDeg() != null) {
            w.printf(Locale.ROOT, "APD %s° / %s mm, AED %s (|Δβ|) / %s mm (vertices), %d frames with a face%n", fmt(s.apdRotationDeg()),
                    fmt(s.apdTranslationMm()), fmt(s.aedBeta()), fmt(s.aedVertexMm()), s.motionFrames());
        }
        var e = s.expression();
        if (e != null && e.mouth() != null) {
            var m = e.mouth();
            w.printf(Locale.ROOT, "mouth opening: avatar mean %.3f max %.3f, reference mean %.3f max %.3f; gain %.2f, correlation %.2f"
                    + " (%d frames)%s%n", m.predMean(), m.predMax(), m.refMean(), m.refMax(), m.gain(), m.correlation(), m.frames(),
                    e.aedMouthMm() == null ? "" : String.format(Locale.ROOT, "; AED mouth %.2f mm, eyes %.2f mm", e.aedMouthMm(),
                            e.aedEyesMm()));
        }
        if (s.identityReference() != null) {
            w.printf(Locale.ROOT, "CSIM %s against %s (%d frames with a face)%n", fmt(s.csim()), s.identityReference(), s.csimFrames());
        }
        w.flush();
        return 0;
    }

    private static String fmt(Double v) {
        if (v == null) {
            return "–";
        }
        return v.isInfinite() ? "∞" : String.format(Locale.ROOT, "%.4f", v);
    }
}
