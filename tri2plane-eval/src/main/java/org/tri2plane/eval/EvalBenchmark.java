package org.tri2plane.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.metrics.Lpips;
import org.tri2plane.core.metrics.LpipsWeights;
import org.tri2plane.core.util.Stats;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;

/**
 * Metric throughput at 512 x 512 on real frames: the first frames of a video, centre-cropped to
 * a square and scaled to 512², against the same frames shifted by 4 pixels; times the image
 * metrics (PSNR, SSIM, MS-SSIM, SD), LPIPS when weights are given, and F-LMD (detection and two
 * mesh passes on the reference, two mesh passes on the prediction) separately.
 */
public final class EvalBenchmark {

    /** Seconds per frame pair (medians) and frames/s of the whole evaluation. */
    public record Result(int frames, int resolution, double imageMetricsSeconds, Double lpipsSeconds, String lpipsNetwork,
            double flmdSeconds, double totalSecondsPerFrame, double framesPerSecond, int threads, String engine) {}

    private EvalBenchmark() {}

    public static Result run(Path video, int frames, Path lpipsWeights, Path assetsDir, IntConsumer progress) throws IOException {
        List<RgbImage> truth = new ArrayList<>();
        try (VideoReader r = VideoReader.open(video)) {
            DecodedFrame f;
            while (truth.size() < frames && (f = r.next()) != null) {
                RgbImage img = f.image();
                int side = Math.min(img.width(), img.height());
                RgbImage square = crop(img, (img.width() - side) / 2, (img.height() - side) / 2, side);
                truth.add(ImageOps.resize(square, 512, 512));
            }
        }
        if (truth.isEmpty()) {
            throw new EvalException(video + " has no decodable frames");
        }
        List<Double> image = new ArrayList<>();
        List<Double> lp = new ArrayList<>();
        List<Double> lm = new ArrayList<>();
        String network = "unavailable";
        try (NDManager root = NDManager.newBaseManager();
                Lpips lpips = lpipsWeights == null ? null : new Lpips(LpipsWeights.read(lpipsWeights), root);
                FaceModels models = FaceModels.fromStore(AssetStore.open(assetsDir), root)) {
            if (lpips != null) {
                network = "lpips-" + lpips.backbone();
            }
            FaceLandmarks landmarks = new FaceLandmarks(models);
            for (int i = 0; i < truth.size(); i++) {
                RgbImage g = truth.get(i);
                RgbImage p = crop(g, -4, 0, 512);
                long t0 = System.nanoTime();
                Evaluator.imageScores(p, g, new int[] {512, 512}, root, null);
                long t1 = System.nanoTime();
                if (lpips != null) {
                    Evaluator.imageScores(p, g, new int[] {512, 512}, root, lpips);
                }
                long t2 = System.nanoTime();
                Evaluator.landmarkScores(p, g, null, landmarks);
                long t3 = System.nanoTime();
                if (i > 0 || truth.size() == 1) { // the first frame warms up the engine
                    image.add((t1 - t0) / 1e9);
                    if (lpips != null) {
                        lp.add((t2 - t1 - (t1 - t0)) / 1e9);
                    }
                    lm.add((t3 - t2) / 1e9);
                }
                progress.accept(i + 1);
            }
        }
        double img = Stats.of(image).median();
        Double lpipsSeconds = lp.isEmpty() ? null : Stats.of(lp).median();
        double flmd = Stats.of(lm).median();
        double total = img + (lpipsSeconds == null ? 0 : lpipsSeconds) + flmd;
        return new Result(image.size(), 512, img, lpipsSeconds, network, flmd, total, 1 / total, JniUtils.getNumThreads(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    }

    private static RgbImage crop(RgbImage img, int x0, int y0, int side) {
        byte[] out = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sx = Math.max(0, Math.min(img.width() - 1, x0 + x));
                int sy = Math.max(0, Math.min(img.height() - 1, y0 + y));
                for (int c = 0; c < 3; c++) {
                    out[3 * (y * side + x) + c] = (byte) img.get(sx, sy, c);
                }
            }
        }
        return new RgbImage(side, side, out);
    }
}
