package org.tri2plane.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.render.landmarks.FaceLandmarks;
import org.tri2plane.render.landmarks.Landmarks68;
import org.tri2plane.render.landmarks.ReferenceLandmarks;
import org.tri2plane.render.video.VideoWriter;

class EvaluatorTest {

    @TempDir
    static Path shared;

    private static Path assets;
    private static RgbImage face;

    @BeforeAll
    static void fixtures() throws IOException {
        assets = EvalFixtures.assets(shared.resolve("assets"));
        face = EvalFixtures.face();
    }

    private static Path frames(Path dir, List<RgbImage> images) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < images.size(); i++) {
            images.get(i).writePng(dir.resolve(String.format("%06d.png", i)));
        }
        return dir;
    }

    private static EvalSummary eval(Path pred, Path gt, Path out, int resolution, boolean flmd) throws IOException {
        return new Evaluator(s -> { }).run(new EvalRequest(pred, gt, null, null, out, resolution, null, flmd, assets));
    }

    /** Mid-grey-range synthetic image (values 60..190), so that ±10 never clips. */
    private static RgbImage pattern(int side, int add) {
        return noisy(side, add, 0);
    }

    /** {@link #pattern} plus {@code noise} with a pseudo-random sign per value. */
    private static RgbImage noisy(int side, int add, int noise) {
        byte[] b = new byte[side * side * 3];
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        for (int i = 0; i < side * side; i++) {
            for (int c = 0; c < 3; c++) {
                b[3 * i + c] = (byte) (60 + (i * 7 + c * 31) % 131 + add + (random.nextBoolean() ? noise : -noise));
            }
        }
        return new RgbImage(side, side, b);
    }

    @Test
    void identicalFramesGiveInfinitePsnrUnitSsimAndZeroFlmd(@TempDir Path tmp) throws IOException {
        Path a = frames(tmp.resolve("a"), List.of(face, face));
        EvalSummary s = eval(a, a, tmp.resolve("out"), 288, true);
        assertEquals(Double.POSITIVE_INFINITY, s.psnr());
        assertEquals(1.0, s.ssim(), 1e-6);
        assertEquals(1.0, s.msssim(), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, s.sd(), "Eq. 15 with equal gradients everywhere");
        assertEquals(0.0, s.flmd(), 1e-9, "the same image gives the same landmarks");
        assertEquals(2, s.flmdFrames());
        assertNull(s.lpips());
        assertEquals("unavailable", s.lpipsNetwork());
        List<String> csv = Files.readAllLines(tmp.resolve("out").resolve(Evaluator.FRAMES_CSV));
        assertEquals("frame,psnr_db,ssim,ms_ssim,sd_db,lpips,flmd_px,csim,apd_rot_deg,apd_trans_mm,aed_beta,aed_vertex_mm,"
                + "aed_mouth_mm,aed_eyes_mm,mouth_pred,mouth_ref", csv.get(0));
        assertTrue(csv.get(1).startsWith("0,inf,1.000000,"), csv.get(1));
        String[] cells = csv.get(1).split(",", -1);
        assertEquals("0.000000", cells[6], "F-LMD 0");
        for (int c : new int[] {5, 7, 8, 9, 10, 11, 12, 13}) {
            assertEquals("", cells[c], "LPIPS, CSIM, AED and APD empty without their references: " + csv.get(1));
        }
        assertTrue(!cells[14].isEmpty() && cells[14].equals(cells[15]), "the same face opens its mouth as much: " + csv.get(1));
        // the same frame twice: both openings agree, but a reference that does not move has no gain
        assertEquals(2, s.expression().mouth().frames());
        assertEquals(s.expression().mouth().refMax(), s.expression().mouth().predMax(), 1e-12);
        assertTrue(Double.isNaN(s.expression().mouth().gain()));
        String json = Files.readString(tmp.resolve("out").resolve(Evaluator.SUMMARY));
        assertTrue(json.contains("\"psnr\" : \"Infinity\""), json);
        assertEquals(s.frames(), Evaluator.readSummary(tmp.resolve("out").resolve(Evaluator.SUMMARY)).frames());
    }

    @Test
    void anUnwritableOutIsRefusedBeforeAnyMetricIsComputed(@TempDir Path tmp) throws IOException {
        Path gt = frames(tmp.resolve("gt"), List.of(pattern(64, 0)));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        List<String> lines = new java.util.ArrayList<>();
        for (Path out : List.of(file, file.resolve("out"))) {
            EvalException e = org.junit.jupiter.api.Assertions.assertThrows(EvalException.class, () -> new Evaluator(lines::add)
                    .run(new EvalRequest(gt, gt, null, null, out, 64, null, false, assets)));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("--out"),
                    e.getMessage());
        }
        assertEquals(List.of(), lines, "nothing was computed or logged");
    }

    @Test
    void aKnownErrorGivesAKnownPsnr(@TempDir Path tmp) throws IOException {
        Path gt = frames(tmp.resolve("gt"), List.of(pattern(64, 0)));
        Path noise = frames(tmp.resolve("noise"), List.of(noisy(64, 0, 10)));
        Path offset = frames(tmp.resolve("offset"), List.of(pattern(64, 10)));
        // every value off by ±10/255: MSE = (10/255)², PSNR = 20·log10(25.5) = 28.13 dB
        EvalSummary n = eval(noise, gt, tmp.resolve("n"), 64, false);
        assertEquals(20 * Math.log10(25.5), n.psnr(), 1e-4);
        EvalSummary o = eval(offset, gt, tmp.resolve("o"), 64, false);
        assertEquals(20 * Math.log10(25.5), o.psnr(), 1e-4);
        assertTrue(o.sd() > 60, "a constant offset leaves the gradients unchanged (up to float rounding): " + o.sd());
        assertTrue(n.sd() < 40, "noise changes them: " + n.sd());
        assertTrue(o.ssim() < 1 && o.ssim() > 0.9, "luminance term only: " + o.ssim());
        assertNull(o.flmd());
        assertTrue(!Files.exists(tmp.resolve("o").resolve(Evaluator.LANDMARKS)));
    }

    @Test
    void imageMetricsAreScoredAtTheFramesOwnSizeAndNeverUpsampled(@TempDir Path tmp) throws IOException {
        Path gt = frames(tmp.resolve("gt"), List.of(pattern(32, 0)));
        Path noise = frames(tmp.resolve("noise"), List.of(noisy(32, 0, 10)));
        // pixel-independent ±10 error at the native 32²: exactly 20·log10(25.5) dB; upsampling
        // both sides would have interpolated (and so smoothed) the error
        EvalSummary n = eval(noise, gt, tmp.resolve("n"), EvalRequest.NATIVE, false);
        assertEquals(20 * Math.log10(25.5), n.psnr(), 1e-4);
        assertEquals(32, n.resolution(), "the summary names the size that was scored");
        EvalException up = assertThrows(EvalException.class, () -> eval(noise, gt, tmp.resolve("u"), 128, false));
        assertTrue(up.getMessage().contains("--resolution 128") && up.getMessage().contains("32 x 32"), up.getMessage());
        assertTrue(!Files.exists(tmp.resolve("u")), "nothing written for a refused request");
        EvalSummary down = eval(noise, gt, tmp.resolve("d"), 16, false);
        assertEquals(16, down.resolution());
        assertTrue(down.psnr() > n.psnr(), "a downscale averages the noise away: " + down.psnr());
    }

    @Test
    void thePredictionsLandmarksAreDetectedOnItsOwn() throws IOException {
        // measured inside the reference's face crop, the mesh is placed by the reference (and pulled
        // towards it); F-LMD must measure where the prediction's own face is
        RgbImage shifted = EvalFixtures.crop(face, -9, 0, 288);
        try (ai.djl.ndarray.NDManager root = ai.djl.ndarray.NDManager.newBaseManager();
                org.tri2plane.tracking.face.FaceModels models = org.tri2plane.tracking.face.FaceModels
                        .fromStore(org.tri2plane.tracking.assets.AssetStore.open(assets), root)) {
            FaceLandmarks landmarks = new FaceLandmarks(models);
            Evaluator.Landmarking lm = Evaluator.landmarkScores(shifted, face, null, landmarks);
            double[] own = landmarks.detect(shifted).points();
            org.junit.jupiter.api.Assertions.assertArrayEquals(own, lm.pred(), "the prediction's own detection");
            org.junit.jupiter.api.Assertions.assertArrayEquals(landmarks.detect(face).points(), lm.reference());
            assertEquals(Landmarks68.distance(own, lm.reference()), lm.flmd(), 1e-12);
        }
    }

    @Test
    void aShiftedFaceGivesTheShiftAsFlmd(@TempDir Path tmp) throws IOException {
        // 9 px at 288² is 16 px at 512²: every landmark moves by (16, 0), so F-LMD ≈ 16
        RgbImage shifted = EvalFixtures.crop(face, -9, 0, 288);
        Path gt = frames(tmp.resolve("gt"), List.of(face));
        Path pred = frames(tmp.resolve("pred"), List.of(shifted));
        EvalSummary s = eval(pred, gt, tmp.resolve("out"), 288, true);
        assertEquals(16, s.flmd(), 2.0);
        List<String> lm = Files.readAllLines(tmp.resolve("out").resolve(Evaluator.LANDMARKS));
        assertEquals(1, lm.size());
        assertTrue(s.psnr() < 30);
    }

    @Test
    void expectedLandmarksReplaceTheGroundTruthImage(@TempDir Path tmp) throws IOException {
        Path pred = frames(tmp.resolve("pred"), List.of(face));
        // reference = the detected landmarks themselves, moved 5 px down
        EvalSummary self = eval(pred, pred, tmp.resolve("self"), 288, true);
        assertEquals(0, self.flmd(), 1e-9);
        String line = Files.readAllLines(tmp.resolve("self").resolve(Evaluator.LANDMARKS)).get(0);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("reference");
        double[] ref = new double[136];
        for (int i = 0; i < 136; i++) {
            ref[i] = node.get(i).asDouble() + (i % 2 == 1 ? 5 : 0);
        }
        Path file = tmp.resolve("expected.jsonl");
        ReferenceLandmarks.write(file, List.of(new ReferenceLandmarks.Frame(0, 42, ref)));
        EvalSummary s = new Evaluator(x -> { }).run(new EvalRequest(pred, null, file, null, tmp.resolve("out"), EvalRequest.NATIVE, null, true, assets));
        assertEquals(5, s.flmd(), 0.75, "the face is where it was, 5 px above the reference");
        assertNull(s.psnr(), "no ground-truth image: F-LMD only");
        assertEquals("", Files.readAllLines(tmp.resolve("out").resolve(Evaluator.FRAMES_CSV)).get(1).split(",", -1)[1]);
    }

    @Test
    void aMaskCompositesBothSidesOntoWhite(@TempDir Path tmp) throws IOException {
        Path gt = frames(tmp.resolve("gt"), List.of(pattern(32, 0)));
        Path pred = frames(tmp.resolve("pred"), List.of(pattern(32, 10)));
        byte[] black = new byte[32 * 32 * 3];
        Path mask = frames(tmp.resolve("mask"), List.of(new RgbImage(32, 32, black)));
        EvalSummary s = new Evaluator(x -> { }).run(new EvalRequest(pred, gt, null, mask, tmp.resolve("out"), 32, null, false, assets));
        assertEquals(Double.POSITIVE_INFINITY, s.psnr(), "outside the mask both sides are white");
        RgbImage half = Evaluator.composite(pattern(2, 0), new RgbImage(2, 2, new byte[] {(byte) 255, (byte) 255, (byte) 255, 0, 0, 0,
            (byte) 128, (byte) 128, (byte) 128, (byte) 255, (byte) 255, (byte) 255}));
        assertEquals(pattern(2, 0).get(0, 0, 0), half.get(0, 0, 0));
        assertEquals(255, half.get(1, 0, 0));
        assertEquals(Math.round(pattern(2, 0).get(0, 1, 1) * 128 / 255.0 + 255 * 127 / 255.0), half.get(0, 1, 1));
    }

    @Test
    void videoAndFolderInputsAreAlignedByPosition(@TempDir Path tmp) throws IOException {
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(org.tri2plane.core.image.ImageOps.resize(EvalFixtures.crop(face, 4 * i, 0, 288), 64, 64));
        }
        Path gt = frames(tmp.resolve("gt"), images);
        Path mp4 = tmp.resolve("pred.mp4");
        try (VideoWriter w = VideoWriter.open(mp4, 64, 64, 10, null)) {
            for (RgbImage img : images) {
                w.write(img);
            }
            w.commit();
        }
        EvalSummary s = eval(mp4, gt, tmp.resolve("out"), 64, false);
        assertEquals(5, s.frames());
        assertEquals(4, s.lastIndex());
        assertTrue(s.psnr() > 30 && s.psnr() < 60, "H.264 is close but lossy: " + s.psnr());
    }

    @Test
    void mismatchedInputsAreRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path three = frames(tmp.resolve("three"), List.of(pattern(32, 0), pattern(32, 0), pattern(32, 0)));
        Path two = frames(tmp.resolve("two"), List.of(pattern(32, 0), pattern(32, 0)));
        Path big = frames(tmp.resolve("big"), List.of(pattern(48, 0), pattern(48, 0)));
        Path other = Files.createDirectories(tmp.resolve("other"));
        pattern(32, 0).writePng(other.resolve("000000.png"));
        pattern(32, 0).writePng(other.resolve("000007.png"));
        Path out = tmp.resolve("out");
        EvalException count = assertThrows(EvalException.class, () -> eval(three, two, out, 32, false));
        assertTrue(count.getMessage().contains("has 3 frames") && count.getMessage().contains("has 2"), count.getMessage());
        EvalException size = assertThrows(EvalException.class, () -> eval(two, big, out, 32, false));
        assertTrue(size.getMessage().contains("32 x 32") && size.getMessage().contains("48 x 48"), size.getMessage());
        EvalException index = assertThrows(EvalException.class, () -> eval(two, other, out, 32, false));
        assertTrue(index.getMessage().contains("index 1") && index.getMessage().contains("index 7"), index.getMessage());
        EvalException empty = assertThrows(EvalException.class, () -> eval(Files.createDirectories(tmp.resolve("empty")), two, out, 32, false));
        assertTrue(empty.getMessage().contains("no PNG or JPEG"), empty.getMessage());
        assertThrows(EvalException.class, () -> new Evaluator(x -> { }).run(new EvalRequest(two, null, null, null, out, 32, null, true, assets)));
        assertTrue(!Files.exists(out), "nothing written");
    }
}
