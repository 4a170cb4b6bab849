package org.tri2plane.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.image.Affine2;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.MorphableModelFile;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.TrackingSettings;
import org.tri2plane.tracking.face.CanonicalFaceModel;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceTracker;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.raster.ConditionRenderer;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoException;
import org.tri2plane.tracking.video.VideoReader;

/**
 * The whole of {@code tri2plane track} on small videos made from one real frame of the sample video
 * (fixtures/frame240.png), moved around so that the head changes position between frames.
 */
class TrackingPipelineTest {

    private static NDManager manager;
    private static FaceModels models;
    private static TrackingPipeline pipeline;
    private static RgbImage face;

    static Path resource(String name) {
        try {
            return Path.of(TrackingPipelineTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        models = FaceModels.fromDirectory(resource("/models"), manager);
        pipeline = new TrackingPipeline(models, CanonicalFaceModel.read(resource("/models/canonical_face_model.binarypb")), s -> { });
        face = RgbImage.read(resource("/fixtures/frame240.png"));
    }

    @AfterAll
    static void close() {
        models.close();
        manager.close();
    }

    static TrackingSettings small() {
        return new TrackingSettings(256, 64, 8, 3.0, 2.6, 0.2, 0.125, 0.5, 0.5, 0.25, 2.0, 1e-3, 20, 1.0, 64, 0.1, 2, true, 10,
                List.of(255, 255, 255));
    }

    /** Writes frames w x h produced by {@code frame} into an MP4. */
    static Path video(Path file, int w, int h, int n, IntFunction<RgbImage> frame) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoQuality(1);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(12);
            rec.start();
            for (int i = 0; i < n; i++) {
                RgbImage img = frame.apply(i);
                Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * f.imageStride + 3 * x;
                        b.put(p, (byte) img.get(x, y, 2)).put(p + 1, (byte) img.get(x, y, 1)).put(p + 2, (byte) img.get(x, y, 0));
                    }
                }
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }

    /** The sample frame shifted by a few pixels, differently in each frame. */
    static RgbImage moving(int i) {
        double dx = 4 * Math.sin(i / 4.0);
        double dy = 3 * Math.cos(i / 5.0);
        return ImageOps.warpImage(face, new Affine2(1, 0, dx, 0, 1, dy), face.width(), face.height(), 0);
    }

    @Test
    void tracksAVideoIntoACompleteSubjectDirectory(@TempDir Path tmp) throws Exception {
        Path v = video(tmp.resolve("talk.mp4"), face.width(), face.height(), 36, TrackingPipelineTest::moving);
        Path out = tmp.resolve("subjects").resolve("sample");
        TrackingReport r = pipeline.run(new TrackingPipeline.Options(v, out, small(), null, null, false, false));
        assertEquals(36, r.framesKept());
        assertEquals(27, r.trainFrames());
        assertTrue(r.heldOutMedianErrorPx() < 2, r.verdict());
        SubjectDirectory s = SubjectDirectory.open(out);
        assertEquals(36, s.meta().frameCount());
        assertEquals(256, s.meta().camera().width());
        assertTrue(s.missingFiles().isEmpty(), "missing: " + s.missingFiles());
        List<FrameParams> params = s.params();
        assertEquals(36, params.size());
        assertTrue(params.get(0).train() && !params.get(35).train());
        assertEquals(8, params.get(0).beta().size());
        assertEquals(36, s.landmarks().size());
        assertEquals(8, s.morphableModel().expressionDim());
        assertEquals(898, s.morphableModel().triangles().length / 3);
        for (String f : List.of(SubjectDirectory.REPORT, SubjectDirectory.REPORT_MD, SubjectDirectory.CONTACT_SHEET,
                SubjectDirectory.TEXTURE)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(64, RgbImage.read(s.conditionTexture(5)).width());
        // the subject records how its maps were drawn (the mouth's cavity here), so a render draws new ones alike
        assertTrue(s.meta().tracking().mouthCavity());
        MorphableModelFile mm = s.morphableModel();
        PcaMorphableModel pca = PcaMorphableModel.of(mm);
        ConditionRenderer redraw = new ConditionRenderer(mm.triangles(), mm.uv(), s.meta().tracking().textureSize(),
                s.meta().conditionFraming().stream().mapToDouble(Double::doubleValue).toArray(), s.meta().conditionSize(), pca.meanShape(),
                s.meta().tracking().conditionInset(), s.meta().tracking().mouthCavity());
        double[] beta5 = params.get(5).beta().stream().mapToDouble(Double::doubleValue).toArray();
        assertArrayEquals(RgbImage.read(s.conditionTexture(params.get(5).index())).rgb(),
                redraw.render(pca.shape(beta5), RgbImage.read(out.resolve(SubjectDirectory.TEXTURE)))[0].rgb());
        assertTrue(Files.readString(out.resolve(SubjectDirectory.REPORT_MD)).contains("under 2 px"));
        // nothing left beside the output but the output
        try (var l = Files.list(out.getParent())) {
            assertEquals(List.of(out), l.toList());
        }
        // a complete subject is not overwritten without --force
        TrackingException again = assertThrows(TrackingException.class,
                () -> pipeline.run(new TrackingPipeline.Options(v, out, small(), null, null, false, false)));
        assertTrue(again.getMessage().contains("--force"), again.getMessage());
        // --fps subsamples by timestamp: 12 fps → 4 fps keeps every third frame
        Path sub = tmp.resolve("sub");
        TrackingSettings few = small().with("expressionDim=4", "minTrainFrames=5");
        TrackingReport subsampled = pipeline.run(new TrackingPipeline.Options(v, sub, few, 10, 4.0, false, false));
        assertEquals(10, subsampled.framesKept());
        assertEquals(List.of(0, 3, 6), SubjectDirectory.open(sub).params().subList(0, 3).stream().map(FrameParams::index).toList());

        // cross-reenactment parameters: every driver frame in the target's terms
        var frames = org.tri2plane.tracking.transfer.SubjectTransfer.transfer(SubjectDirectory.open(out), SubjectDirectory.open(sub), 6);
        assertEquals(36, frames.size());
        assertEquals(4, frames.get(0).beta().length, "target basis");
        Path jsonl = tmp.resolve("transfer.jsonl");
        org.tri2plane.tracking.transfer.SubjectTransfer.write(frames, jsonl);
        assertEquals(36, SubjectDirectory.readLines(jsonl, FrameParams.class).size());
        IllegalArgumentException notKept = assertThrows(IllegalArgumentException.class,
                () -> org.tri2plane.tracking.transfer.SubjectTransfer.transfer(SubjectDirectory.open(out), SubjectDirectory.open(sub), 999));
        assertTrue(notKept.getMessage().contains("999"), notKept.getMessage());
    }

    @Test
    void resumingAnInterruptedRunGivesTheSameSubject(@TempDir Path tmp) throws Exception {
        Path v = video(tmp.resolve("talk.mp4"), face.width(), face.height(), 30, TrackingPipelineTest::moving);
        Path straight = tmp.resolve("straight");
        pipeline.run(new TrackingPipeline.Options(v, straight, small(), null, null, false, false));

        // an interrupted first stage: state.json and the landmarks of the first 11 frames only
        Path out = tmp.resolve("resumed");
        Path partial = tmp.resolve(".resumed.partial");
        Files.createDirectories(partial);
        TrackingPipeline.State state = new TrackingPipeline.State(v.toString(),
                org.tri2plane.core.util.Sha256.of(v), small(), null, null, 1);
        Files.writeString(partial.resolve("state.json"), SubjectDirectory.json().writeValueAsString(state));
        FaceTracker tracker = new FaceTracker(models.detector(), models.mesh(), 0.5);
        try (VideoReader reader = VideoReader.open(v);
                BufferedWriter w = Files.newBufferedWriter(partial.resolve("track.jsonl"))) {
            for (int i = 0; i < 11; i++) {
                DecodedFrame f = reader.next();
                FaceTracker.Result res;
                try (NDScope scope = new NDScope()) {
                    res = tracker.track(f.image(), manager);
                }
                double[] p = res.mesh().points().clone();
                for (int k = 0; k < p.length; k++) {
                    p[k] = Math.round(p[k] * 1000) / 1000.0;
                }
                tracker.resumeFrom(new org.tri2plane.tracking.face.FaceMeshLandmarker.Mesh(p, 1));
                w.write(SubjectDirectory.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(new TrackLine(f.index(), f.seconds(), p, null)) + "\n");
            }
            w.write("{\"index\": 11, \"seco"); // the line being written when the run stopped
        }
        TrackingException refused = assertThrows(TrackingException.class,
                () -> pipeline.run(new TrackingPipeline.Options(v, out, small(), null, null, false, false)));
        assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());
        TrackingException otherSettings = assertThrows(TrackingException.class,
                () -> pipeline.run(new TrackingPipeline.Options(v, out, small().withExpressionDim(5), null, null, true, false)));
        assertTrue(otherSettings.getMessage().contains("other settings"), otherSettings.getMessage());
        // the output scale is part of what a resumed run must repeat (the fixture's 288 px crop allows x2 at 128 px)
        TrackingSettings at128 = small().with("frameSize=128");
        Files.writeString(partial.resolve("state.json"), SubjectDirectory.json().writeValueAsString(
                new TrackingPipeline.State(v.toString(), org.tri2plane.core.util.Sha256.of(v), at128, null, null, 1)));
        TrackingException otherScale = assertThrows(TrackingException.class,
                () -> pipeline.run(new TrackingPipeline.Options(v, out, at128, null, null, true, false, 2)));
        assertTrue(otherScale.getMessage().contains("other settings"), otherScale.getMessage());
        // a state file written before the output scale existed resumes as scale 1
        Files.writeString(partial.resolve("state.json"), SubjectDirectory.json().writeValueAsString(state)
                .replaceAll(",\\s*\"outputScale\"\\s*:\\s*1", ""));
        assertFalse(Files.readString(partial.resolve("state.json")).contains("outputScale"));

        pipeline.run(new TrackingPipeline.Options(v, out, small(), null, null, true, false));
        List<FrameParams> a = SubjectDirectory.open(straight).params();
        List<FrameParams> b = SubjectDirectory.open(out).params();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).index(), b.get(i).index());
            for (int k = 0; k < 3; k++) {
                assertEquals(a.get(i).t().get(k), b.get(i).t().get(k), 1e-6);
            }
        }
        assertFalse(Files.exists(partial));
    }

    @Test
    void aPublishKilledBetweenItsRenamesIsFinishedByTheNextRun(@TempDir Path tmp) throws Exception {
        // what kill -9 between the two renames of a --force run leaves: the previous subject moved
        // aside, the new one complete (subject.json is its last file) in the partial folder
        Path out = tmp.resolve("subject");
        Path partial = TrackingPipeline.partialDirectory(out);
        Files.createDirectories(partial);
        Files.writeString(partial.resolve("frames.txt"), "new");
        Files.writeString(partial.resolve(SubjectDirectory.META), "{}");
        Path old = Files.createDirectories(tmp.resolve(".subject.old-k1"));
        Files.writeString(old.resolve(SubjectDirectory.META), "{\"old\": true}");
        Path unfinished = Files.createDirectories(tmp.resolve(".subject.tmp-k2"));
        List<String> said = new java.util.ArrayList<>();
        TrackingPipeline.recoverInterruptedPublish(out, partial, said::add);
        assertEquals("new", Files.readString(out.resolve("frames.txt")), "the finished subject is published");
        assertFalse(Files.exists(partial) || Files.exists(old) || Files.exists(unfinished), "nothing stale left");
        assertTrue(said.get(0).contains("finished publishing"), said.toString());
        // a partial folder still being worked on (no subject.json) is resume state and stays
        Files.createDirectories(partial);
        Files.writeString(partial.resolve("state.json"), "{}");
        TrackingPipeline.recoverInterruptedPublish(out, partial, said::add);
        assertTrue(Files.exists(partial.resolve("state.json")));
        assertEquals("new", Files.readString(out.resolve("frames.txt")));
    }

    @Test
    void verticalVideoIsTrackedWithASquareCrop(@TempDir Path tmp) throws Exception {
        // portrait 288 x 400: the sample frame's middle, padded above and below
        RgbImage portrait = ImageOps.warpImage(face, new Affine2(1, 0, 36, 0, 1, -56), 288, 400, 90);
        Path v = video(tmp.resolve("portrait.mp4"), 288, 400, 24, i -> portrait);
        Path out = tmp.resolve("portrait");
        TrackingReport r = pipeline.run(new TrackingPipeline.Options(v, out, small(), null, null, false, false));
        assertEquals(24, r.framesKept());
        SubjectDirectory s = SubjectDirectory.open(out);
        assertTrue(s.meta().crop().get(2) <= 288, "the crop fits the narrow side: " + s.meta().crop());
        assertEquals(288, s.meta().source().width());
        assertEquals(400, s.meta().source().height());
    }

    @Test
    void outputScaleStoresTheSameCropsAtTwiceTheSize(@TempDir Path tmp) throws Exception {
        // 128 px frames from the fixture's 288 px crop: x2 (256 px) still samples real source pixels
        TrackingSettings at128 = small().with("frameSize=128");
        Path v = video(tmp.resolve("talk.mp4"), face.width(), face.height(), 16, TrackingPipelineTest::moving);
        Path out = tmp.resolve("hires");
        TrackingReport r = pipeline.run(new TrackingPipeline.Options(v, out, at128, null, null, false, false, 2));
        assertEquals(16, r.framesKept());
        assertTrue(r.stages().get(1).summary().contains("-> 128 px and 256 px"), r.stages().get(1).summary());
        SubjectDirectory s = SubjectDirectory.open(out);
        assertEquals(2, s.meta().outputScale());
        assertEquals(128, s.meta().frameSize());
        assertEquals(256, s.meta().frameSize(2));
        assertTrue(Files.readString(out.resolve(SubjectDirectory.META)).contains("\"outputScale\" : 2"));
        assertTrue(s.missingFiles().isEmpty(), "missing: " + s.missingFiles());
        assertEquals(out.resolve("frames_x2").resolve("000003.png"), s.frame(3, 2));
        double[] crop = s.meta().crop().stream().mapToDouble(Double::doubleValue).toArray();
        assertTrue(crop[2] >= 256, "crop " + s.meta().crop());
        List<Integer> kept = s.params().stream().map(FrameParams::index).toList();
        try (VideoReader reader = VideoReader.open(v)) {
            DecodedFrame f;
            while ((f = reader.next()) != null) {
                if (!kept.contains(f.index()) || f.index() % 5 != 0) {
                    continue;
                }
                RgbImage hi = RgbImage.read(s.frame(f.index(), 2));
                RgbImage lo = RgbImage.read(s.frame(f.index()));
                RgbImage hiMask = RgbImage.read(s.mask(f.index(), 2));
                RgbImage loMask = RgbImage.read(s.mask(f.index()));
                assertEquals(256, hi.width());
                assertEquals(256, hi.height());
                assertEquals(256, hiMask.width());
                // the same crop of the source as the normal frame, resampled at 256 px: crop side / 256 source px per pixel
                RgbImage manual = ImageOps.warpImage(f.image(), new Affine2(crop[2] / 256, 0, crop[0], 0, crop[2] / 256, crop[1]),
                        256, 256, 0);
                assertEquals(0, meanAbsDiff(manual, hi, 0, 0), "frame " + f.index() + " is the source's crop at 256 px");
                // every 2 x 2 block covers one pixel of the normal frame: box-downsampled, it is that frame
                RgbImage down = ImageOps.resize(hi, 128, 128);
                double aligned = meanAbsDiff(down, lo, 0, 0);
                double shifted = meanAbsDiff(down, lo, 1, 0);
                assertTrue(aligned < 1.5 && aligned < shifted / 4, "frame " + f.index() + ": mean |x2 downsampled - frame| = "
                        + aligned + " (one pixel off: " + shifted + ")");
                assertTrue(meanAbsDiff(ImageOps.resize(hiMask, 128, 128), loMask, 0, 0) < 0.75, "mask of frame " + f.index());
            }
        }
    }

    @Test
    void anOutputScaleThatWouldUpsampleIsRefused(@TempDir Path tmp) throws Exception {
        TrackingSettings settings = small(); // frameSize 256: x2 needs a 512 px crop
        Path out = tmp.resolve("subjects").resolve("x");
        // a 360 x 288 video: no square crop spans 512 px; refused before any frame is tracked
        Path v = video(tmp.resolve("talk.mp4"), face.width(), face.height(), 16, TrackingPipelineTest::moving);
        TrackingException small = assertThrows(TrackingException.class,
                () -> pipeline.run(new TrackingPipeline.Options(v, out, settings, null, null, false, false, 2)));
        assertTrue(small.getMessage().contains("at most 288 x 288 source pixels"), small.getMessage());
        assertTrue(small.getMessage().contains("--output-scale 2 needs 512 x 512"), small.getMessage());
        // a 560 x 560 video with the same face (about 160 px): the tracked crop (2.6 x face) is under 512 px
        RgbImage padded = ImageOps.warpImage(face, new Affine2(1, 0, -100, 0, 1, -136), 560, 560, 90);
        Path big = video(tmp.resolve("padded.mp4"), 560, 560, 16, i -> padded);
        TrackingException crop = assertThrows(TrackingException.class,
                () -> pipeline.run(new TrackingPipeline.Options(big, out, settings, null, null, false, false, 2)));
        assertTrue(crop.getMessage().contains("--output-scale 2 needs a crop of at least 512 x 512 source pixels"),
                crop.getMessage());
        assertTrue(crop.getMessage().matches("(?s).*spans only (\\d+) x \\1 .*"), crop.getMessage());
        assertTrue(crop.getMessage().contains("would be upsampled"), crop.getMessage());
        assertFalse(Files.exists(out), "no subject directory");
        try (var l = Files.list(out.getParent())) {
            assertEquals(new ArrayList<Path>(), l.toList(), "no partial folder left");
        }
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new TrackingPipeline.Options(v, out, settings, null, null, false, false, 0));
        assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
    }

    /** Mean |a(x + dx, y) − b(x, y)| over the pixels and channels where both exist. */
    private static double meanAbsDiff(RgbImage a, RgbImage b, int dx, int dy) {
        double sum = 0;
        long n = 0;
        for (int y = Math.max(0, -dy); y < Math.min(b.height(), a.height() - dy); y++) {
            for (int x = Math.max(0, -dx); x < Math.min(b.width(), a.width() - dx); x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.get(x + dx, y + dy, c) - b.get(x, y, c));
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void badInputsFailWithAClearMessageAndLeaveNothing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("subjects").resolve("x");
        // missing file
        VideoException missing = assertThrows(VideoException.class, () -> pipeline.run(
                new TrackingPipeline.Options(tmp.resolve("nope.mp4"), out, small(), null, null, false, false)));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        // not a video
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "hello\n".repeat(100));
        VideoException notVideo = assertThrows(VideoException.class, () -> pipeline.run(
                new TrackingPipeline.Options(text, out, small(), null, null, false, false)));
        assertTrue(notVideo.getMessage().contains("notes.mp4"), notVideo.getMessage());
        // tiny video
        Path tiny = video(tmp.resolve("tiny.mp4"), 96, 80, 5, i -> ImageOps.resize(face, 96, 80));
        TrackingException small = assertThrows(TrackingException.class, () -> pipeline.run(
                new TrackingPipeline.Options(tiny, out, small(), null, null, false, false)));
        assertTrue(small.getMessage().contains("96x80"), small.getMessage());
        // no face at all
        RgbImage grey = new RgbImage(320, 240, filled(320 * 240 * 3, 128));
        Path empty = video(tmp.resolve("wall.mp4"), 320, 240, 8, i -> grey);
        TrackingException noFace = assertThrows(TrackingException.class, () -> pipeline.run(
                new TrackingPipeline.Options(empty, out, small(), null, null, false, false)));
        assertTrue(noFace.getMessage().contains("no face found in any of the 8 frames"), noFace.getMessage());
        // too few frames with a face: half the frames lose the face
        Path flicker = video(tmp.resolve("flicker.mp4"), face.width(), face.height(), 16,
                i -> i % 2 == 0 ? face : new RgbImage(face.width(), face.height(), filled(face.rgb().length, 128)));
        TrackingException few = assertThrows(TrackingException.class, () -> pipeline.run(
                new TrackingPipeline.Options(flicker, out, small(), null, null, false, false)));
        assertTrue(few.getMessage().contains("training frames are needed"), few.getMessage());
        assertFalse(Files.exists(out), "no subject directory");
        try (var l = Files.list(out.getParent())) {
            assertEquals(new ArrayList<Path>(), l.toList(), "no partial folder left");
        }
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
