package org.tri2plane.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.metrics.ImageMetrics;
import org.tri2plane.core.metrics.Lpips;
import org.tri2plane.core.metrics.LpipsWeights;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.core.util.AtomicFiles;
import org.tri2plane.core.util.NoGrad;
import org.tri2plane.core.util.Progress;
import org.tri2plane.core.util.WritablePath;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.render.landmarks.Landmarks68;
import org.tri2plane.render.landmarks.ReferenceLandmarks;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.FaceDescriptor;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceRegion;

/**
 * {@code tri2plane eval}: PSNR, SSIM, MS-SSIM, SD, LPIPS and F-LMD of predicted frames against ground truth (definitions in
 * docs/evaluation.md), frame by frame. Writes {@code frames.csv} (one row per frame), {@code summary.json} ({@link EvalSummary})
 * and, with F-LMD, {@code landmarks.jsonl} (both landmark sets per frame) into the output folder, each atomically. Inputs are
 * refused before any work when their frame counts, indices or sizes differ.
 */
public final class Evaluator {

    /** File names in the output folder. */
    public static final String FRAMES_CSV = "frames.csv";
    public static final String SUMMARY = "summary.json";
    public static final String LANDMARKS = "landmarks.jsonl";

    private final Consumer<String> log;

    public Evaluator(Consumer<String> log) {
        this.log = log;
    }

    /** Runs the evaluation and writes its files. */
    public EvalSummary run(EvalRequest r) throws IOException {
        if (r.gt() == null && r.gtLandmarks() == null) {
            throw new EvalException("nothing to compare with: give --gt (frames) and/or --gt-landmarks (expected landmarks)");
        }
        if (r.gt() == null && !r.flmd()) {
            throw new EvalException("with only --gt-landmarks the one metric is F-LMD; drop --no-flmd");
        }
        if (r.resolution() != EvalRequest.NATIVE && r.resolution() < 16) {
            throw new EvalException("--resolution must be at least 16 pixels, was " + r.resolution());
        }
        long t0 = System.nanoTime();
        try (FrameSource pred = FrameSource.open(r.pred());
                FrameSource gt = r.gt() == null ? null : FrameSource.open(r.gt());
                FrameSource mask = r.mask() == null ? null : FrameSource.open(r.mask())) {
            List<ReferenceLandmarks.Frame> refs = r.gtLandmarks() == null ? null : ReferenceLandmarks.read(r.gtLandmarks());
            check(pred, gt, mask, refs, r);
            int[] size = scoringSize(pred, r.resolution());
            boolean faces = r.flmd() || r.identityRef() != null || r.gtParams() != null;
            try (NDManager root = NDManager.newBaseManager();
                    Lpips lpips = r.lpipsWeights() == null ? null : new Lpips(LpipsWeights.read(r.lpipsWeights()), root);
                    FaceModels models = faces ? FaceModels.fromStore(AssetStore.open(r.assetsDir()), root) : null;
                    FaceDescriptor net = r.identityRef() == null ? null
                            : FaceDescriptor.fromStore(AssetStore.open(r.assetsDir()), root)) {
                FaceLandmarks faceLandmarks = models == null ? null : new FaceLandmarks(models);
                FaceLandmarks landmarks = r.flmd() ? faceLandmarks : null;
                Identity identity = net == null ? null : Identity.of(new IdentityMetric(faceLandmarks, net), r.identityRef(), log);
                MotionAccuracy motion = motionOf(r, pred);
                List<FrameScores> scores = new ArrayList<>();
                try (Progress bar = new Progress("eval", pred.count(), "frames")) {
                    for (int i = 0; i < pred.count(); i++) {
                        RgbImage p = pred.next();
                        RgbImage g = gt == null ? null : gt.next();
                        if (mask != null) {
                            RgbImage m = mask.next();
                            p = composite(p, m);
                            g = composite(g, m);
                        }
                        FrameScores s = score(pred.indices().get(i), p, g, refs == null ? null : refs.get(i).points(),
                                size, root, lpips, landmarks);
                        IdentityMetric.Found face = identity == null && motion == null ? null
                                : IdentityMetric.find(faceLandmarks, p);
                        s = identity == null ? s : identity.score(s, face);
                        scores.add(motion == null ? s : s.withMotion(motion.errors(i, face == null ? null : face.face().mesh())));
                        bar.set(i + 1);
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                EvalSummary summary = summarise(r, size[0], pred, scores, lpips == null ? "unavailable" : "lpips-" + lpips.backbone(), seconds);
                write(r.out(), scores, summary);
                if (motion != null) {
                    NovelViews.write(r.out(), motion.expected(), scores);
                }
                return summary;
            }
        }
    }

    private static void check(FrameSource pred, FrameSource gt, FrameSource mask, List<ReferenceLandmarks.Frame> refs, EvalRequest r) {
        if (Files.exists(r.out()) && !Files.isDirectory(r.out())) {
            throw new EvalException("cannot write the results to " + r.out() + " (--out): it is a file; give a folder");
        }
        String unwritable = Files.isDirectory(r.out()) ? (Files.isWritable(r.out()) ? null : r.out() + " is not writable")
                : WritablePath.problem(r.out());
        if (unwritable != null) {
            throw new EvalException("cannot write the results to " + r.out() + " (--out): " + unwritable
                    + "; choose another folder (nothing was computed)");
        }
        for (FrameSource other : new FrameSource[] {gt, mask}) {
            if (other == null) {
                continue;
            }
            String what = other == gt ? "--gt" : "--mask";
            if (other.count() != pred.count()) {
                throw new EvalException("--pred " + pred.path() + " has " + pred.count() + " frames, " + what + " " + other.path()
                        + " has " + other.count() + ": evaluate the same frames on both sides");
            }
            if (!other.indices().equals(pred.indices())) {
                for (int i = 0; i < pred.count(); i++) {
                    if (!pred.indices().get(i).equals(other.indices().get(i))) {
                        throw new EvalException("frame " + (i + 1) + " of --pred " + pred.path() + " has index " + pred.indices().get(i)
                                + ", of " + what + " " + other.path() + " index " + other.indices().get(i)
                                + ": frames are aligned by the number in their file names");
                    }
                }
            }
            if (other.width() != pred.width() || other.height() != pred.height()) {
                throw new EvalException("--pred frames are " + pred.width() + " x " + pred.height() + ", " + what + " frames "
                        + other.width() + " x " + other.height() + ": render or export both at the same size");
            }
        }
        if (refs != null && refs.size() != pred.count()) {
            throw new EvalException("--pred " + pred.path() + " has " + pred.count() + " frames, --gt-landmarks " + r.gtLandmarks()
                    + " has " + refs.size() + " lines: use the landmark file written with these frames");
        }
    }

    /** {@code img} where the mask is white, white elsewhere (linear in the mask's grey level). */
    static RgbImage composite(RgbImage img, RgbImage mask) {
        if (img == null) {
            return null;
        }
        byte[] out = new byte[img.rgb().length];
        for (int i = 0; i < out.length; i += 3) {
            double m = (mask.rgb()[i] & 0xff) / 255.0;
            for (int c = 0; c < 3; c++) {
                out[i + c] = (byte) Math.round((img.rgb()[i + c] & 0xff) * m + 255 * (1 - m));
            }
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /**
     * The width and height at which the image metrics of {@code pred} are computed: the frames' own size ({@link
     * EvalRequest#NATIVE}), or {@code resolution}² when that is no larger than both sides. Upsampling is refused:
     * interpolating both sides smooths the error and inflates PSNR and SSIM (on the demo's held-out frames by 0.5 dB and 0.07).
     */
    static int[] scoringSize(FrameSource pred, int resolution) {
        if (resolution == EvalRequest.NATIVE) {
            return new int[] {pred.width(), pred.height()};
        }
        if (resolution > Math.min(pred.width(), pred.height())) {
            throw new EvalException("--resolution " + resolution + " is larger than the frames of --pred " + pred.path() + " ("
                    + pred.width() + " x " + pred.height() + "): scores of upsampled images say more than the pixels hold; "
                    + "omit --resolution to score at the frames' own size, or give a smaller side");
        }
        return new int[] {resolution, resolution};
    }

    private static NDArray tensor(NDManager m, RgbImage img, int[] size) {
        int w = size[0];
        int h = size[1];
        RgbImage s = img.width() == w && img.height() == h ? img : ImageOps.resize(img, w, h);
        int n = w * h;
        float[] f = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                f[c * n + i] = (s.rgb()[3 * i + c] & 0xff) / 255f;
            }
        }
        return m.create(f, new Shape(1, 3, h, w));
    }

    /** The metrics of one frame pair ({@code truth} null: F-LMD against {@code reference} only). */
    static FrameScores score(int index, RgbImage pred, RgbImage truth, double[] reference, int[] size, NDManager root, Lpips lpips,
            FaceLandmarks landmarks) {
        double[] image = truth == null ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : imageScores(pred, truth, size, root, lpips);
        Landmarking lm = landmarks == null ? Landmarking.NONE : landmarkScores(pred, truth, reference, landmarks);
        return new FrameScores(index, image[0], image[1], image[2], image[3], image[4], lm.flmd(), lm.predScore(), lm.reference() != null,
                lm.pred(), lm.reference(), Double.NaN, MotionAccuracy.Errors.NONE);
    }

    /** The AED/APD measurement of {@code r}, once its parameters cover every predicted frame; null without. */
    private static MotionAccuracy motionOf(EvalRequest r, FrameSource pred) throws IOException {
        if (r.gtParams() == null) {
            return null;
        }
        MotionAccuracy m = MotionAccuracy.read(r.gtParams());
        if (m.frames() != pred.count()) {
            throw new EvalException("--pred " + pred.path() + " has " + pred.count() + " frames, --gt-params " + r.gtParams()
                    + " describes " + m.frames() + "; give the parameters of the same render");
        }
        return m;
    }

    /** CSIM against a subject's identity reference (the mean descriptor of its training frames). */
    record Identity(IdentityMetric metric, float[] reference, Path subject) {
        static Identity of(IdentityMetric metric, Path subject, Consumer<String> log) throws IOException {
            log.accept("identity reference: the training frames of " + subject);
            float[] reference = metric.reference(SubjectDirectory.open(subject));
            if (reference == null) {
                throw new EvalException("--identity-ref " + subject + ": no face was found in its training frames");
            }
            return new Identity(metric, reference, subject);
        }

        /** {@code s} with the CSIM of the predicted frame's face ({@code null}: none found). */
        FrameScores score(FrameScores s, IdentityMetric.Found face) {
            return s.withCsim(IdentityMetric.csim(metric.describe(face), reference));
        }
    }

    /** PSNR, SSIM, MS-SSIM, SD and LPIPS (NaN without weights) at {@code size} (width, height). */
    static double[] imageScores(RgbImage pred, RgbImage truth, int[] size, NDManager root, Lpips lpips) {
        try (NDManager m = root.newSubManager(); NoGrad g = NoGrad.enter()) {
            NDArray a = tensor(m, pred, size);
            NDArray b = tensor(m, truth, size);
            return new double[] {ImageMetrics.psnr(a, b).getFloat(0), ImageMetrics.ssim(a, b).getFloat(0),
                ImageMetrics.msssim(a, b).getFloat(0), ImageMetrics.sharpnessDifference(a, b).getFloat(0),
                lpips == null ? Double.NaN : lpips.distance(a, b).getFloat(0)};
        }
    }

    /** F-LMD of one frame: the two landmark sets, the prediction's face score and their distance. */
    record Landmarking(double flmd, double predScore, double[] pred, double[] reference) {
        static final Landmarking NONE = new Landmarking(Double.NaN, Double.NaN, null, null);
    }

    /**
     * The reference landmarks (given, or detected on {@code truth}) and the prediction's, detected
     * on the prediction on its own (BlazeFace, then two face-mesh passes), so that the reference
     * does not place the prediction's face for it; only where BlazeFace finds no face on the
     * prediction is its mesh run in the reference's region (its low mesh score then counts in
     * {@code predWithoutFace}). No reference face: NaN.
     */
    static Landmarking landmarkScores(RgbImage pred, RgbImage truth, double[] reference, FaceLandmarks landmarks) {
        double[] ref = reference;
        FaceRegion region = null;
        if (ref != null) {
            region = FaceLandmarks.regionOf(ref);
        } else {
            FaceLandmarks.Face t = landmarks.detect(truth);
            if (t != null) {
                ref = t.points();
                region = t.start();
            }
        }
        if (ref == null) {
            return Landmarking.NONE;
        }
        FaceLandmarks.Face own = landmarks.detect(pred);
        FaceLandmarks.Face p = own != null ? own : landmarks.inRegion(pred, region);
        return new Landmarking(Landmarks68.distance(p.points(), ref), p.score(), p.points(), ref);
    }

    private static Double mean(List<FrameScores> scores, java.util.function.ToDoubleFunction<FrameScores> f) {
        double sum = 0;
        int n = 0;
        for (FrameScores s : scores) {
            double v = f.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static EvalSummary summarise(EvalRequest r, int side, FrameSource pred, List<FrameScores> scores, String network, double seconds) {
        int flmdFrames = (int) scores.stream().filter(s -> !Double.isNaN(s.flmd())).count();
        double threshold = TrackingSettings.defaults().minMeshScore();
        int noPred = (int) scores.stream().filter(s -> s.predScore() < threshold).count();
        int noTruth = r.flmd() ? (int) scores.stream().filter(s -> !s.truthFace()).count() : 0;
        return new EvalSummary(EvalSummary.FORMAT, EvalSummary.VERSION, str(r.pred()), str(r.gt()), str(r.gtLandmarks()), str(r.mask()),
                scores.size(), pred.indices().get(0), pred.indices().get(pred.count() - 1), side, FaceLandmarks.SIDE,
                mean(scores, FrameScores::psnr), mean(scores, FrameScores::ssim), mean(scores, FrameScores::msssim),
                mean(scores, FrameScores::sd), mean(scores, FrameScores::lpips), network, mean(scores, FrameScores::flmd),
                flmdFrames, noPred, noTruth, seconds, scores.size() / seconds, mean(scores, FrameScores::csim),
                (int) scores.stream().filter(s -> !Double.isNaN(s.csim())).count(), str(r.identityRef()),
                mean(scores, s -> s.motion().rotationDeg()), mean(scores, s -> s.motion().translationMm()),
                mean(scores, s -> s.motion().betaL1()), mean(scores, s -> s.motion().vertexMm()),
                (int) scores.stream().filter(s -> !Double.isNaN(s.motion().rotationDeg())).count(), expression(scores));
    }

    /** The expression part of the summary: mouth opening over the sequence and the regions' AED. */
    static EvalSummary.Expression expression(List<FrameScores> scores) {
        double[] pred = scores.stream().mapToDouble(FrameScores::mouthPred).toArray();
        double[] ref = scores.stream().mapToDouble(FrameScores::mouthRef).toArray();
        SequenceAgreement mouth = SequenceAgreement.of(pred, ref, org.tri2plane.render.landmarks.MouthOpening.MOTION_FLOOR);
        return new EvalSummary.Expression(mouth.frames() == 0 ? null : mouth, mean(scores, s -> s.motion().mouthMm()),
                mean(scores, s -> s.motion().eyesMm()));
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    private static String cell(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * One column of an evaluation's {@value #FRAMES_CSV} (as {@link #csv} writes it): (frame, value)
     * per row, NaN where the cell is empty or infinite; empty when the file or the column is absent
     * (files written before the column existed).
     */
    public static List<double[]> readColumn(Path evalDir, String column) throws IOException {
        Path file = evalDir.resolve(FRAMES_CSV);
        List<double[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file);
        int c = lines.isEmpty() ? -1 : List.of(lines.get(0).split(",")).indexOf(column);
        if (c < 0) {
            return out;
        }
        for (String l : lines.subList(1, lines.size())) {
            String[] cells = l.split(",", -1);
            String v = c < cells.length ? cells[c] : "";
            out.add(new double[] {Double.parseDouble(cells[0]), v.isEmpty() || v.contains("inf") ? Double.NaN : Double.parseDouble(v)});
        }
        return out;
    }

    /** The per-frame CSV: one header line, one row per frame; empty cells where a metric is unavailable. */
    static String csv(List<FrameScores> scores) {
        StringBuilder sb = new StringBuilder("frame,psnr_db,ssim,ms_ssim,sd_db,lpips,flmd_px,csim,apd_rot_deg,apd_trans_mm,aed_beta,aed_vertex_mm,"
                + "aed_mouth_mm,aed_eyes_mm,mouth_pred,mouth_ref\n");
        for (FrameScores s : scores) {
            sb.append(s.index()).append(',').append(cell(s.psnr())).append(',').append(cell(s.ssim())).append(',')
                    .append(cell(s.msssim())).append(',').append(cell(s.sd())).append(',').append(cell(s.lpips())).append(',')
                    .append(cell(s.flmd())).append(',').append(cell(s.csim())).append(',').append(cell(s.motion().rotationDeg()))
                    .append(',').append(cell(s.motion().translationMm())).append(',').append(cell(s.motion().betaL1())).append(',')
                    .append(cell(s.motion().vertexMm())).append(',').append(cell(s.motion().mouthMm())).append(',')
                    .append(cell(s.motion().eyesMm())).append(',').append(cell(s.mouthPred())).append(',')
                    .append(cell(s.mouthRef())).append('\n');
        }
        return sb.toString();
    }

    private void write(Path out, List<FrameScores> scores, EvalSummary summary) throws IOException {
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(FRAMES_CSV), csv(scores));
        StringBuilder lm = new StringBuilder();
        ObjectMapper plain = new ObjectMapper();
        for (FrameScores f : scores) {
            if (f.predPoints() != null) {
                var node = plain.createObjectNode().put("frame", f.index()).put("predScore", f.predScore());
                node.putPOJO("pred", f.predPoints());
                node.putPOJO("reference", f.referencePoints());
                lm.append(plain.writeValueAsString(node)).append('\n');
            }
        }
        if (lm.length() > 0) {
            AtomicFiles.writeString(out.resolve(LANDMARKS), lm.toString());
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.writeString(out.resolve(SUMMARY), json.writeValueAsString(summary) + "\n");
        log.accept(String.format(Locale.ROOT, "wrote %s and %s (%d frames, %.2f frames/s)", out.resolve(FRAMES_CSV),
                out.resolve(SUMMARY), scores.size(), summary.framesPerSecond()));
    }

    /** Reads a {@code summary.json}. */
    public static EvalSummary readSummary(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new EvalException("no evaluation summary at " + file + " (run tri2plane eval first)");
        }
        return new ObjectMapper().readValue(file.toFile(), EvalSummary.class);
    }
}
