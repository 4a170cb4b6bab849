package org.tri2plane.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.ImageOps;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.model.ModelIO;
import org.tri2plane.core.model.Tri2PlaneModel;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.core.subject.SubjectFormatException;
import org.tri2plane.core.subject.SubjectImages;
import org.tri2plane.render.landmarks.ExpectedParams;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.TestVideos;
import org.tri2plane.tracking.video.VideoReader;
import org.tri2plane.train.SyntheticSubject;
import org.tri2plane.train.TrainOptions;
import org.tri2plane.train.Trainer;

/** Renders a tiny avatar trained on a synthetic subject in every mode and decodes what was written. */
class AvatarRendererTest {

    @TempDir
    static Path shared;

    private static Path subject;
    private static Path driver;
    private static Path run;

    /** 12 frames (the last 3 held out) trained for 20 steps; a driver with 8 frames of its own. */
    @BeforeAll
    static void trainTinyAvatar() throws IOException {
        subject = SyntheticSubject.write(shared.resolve("disc"), 12, 3, 4, 92, "aa");
        driver = SyntheticSubject.write(shared.resolve("driver"), 8, 2, 4, 92, "dd");
        run = shared.resolve("run");
        new Trainer(s -> { }).run(new TrainOptions(subject, SyntheticSubject.config(), run, 20, null, null, null, false));
    }

    private static RenderSummary render(String mode, Path mp4, Path png, Path driverDir, Integer from, Integer to,
            Integer resolution, boolean sideBySide, int views, boolean canonical) throws IOException {
        return new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).mode(RenderMode.of(mode, driverDir, null, 40, 0, views, canonical)).mp4(mp4).pngDir(png).frames(from, to).resolution(resolution).sideBySide(sideBySide).build());
    }

    private record Decoded(int width, int height, double fps, List<RgbImage> frames) {}

    private static Decoded decode(Path mp4) {
        try (VideoReader r = VideoReader.open(mp4)) {
            List<RgbImage> frames = new ArrayList<>();
            DecodedFrame f;
            while ((f = r.next()) != null) {
                frames.add(f.image());
            }
            return new Decoded(r.info().width(), r.info().height(), r.info().fps(), frames);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void selfModeWritesTheHeldOutFramesAsH264(@TempDir Path tmp) throws IOException {
        Path mp4 = tmp.resolve("self.mp4");
        RenderSummary s = render("self", mp4, null, null, null, null, null, false, 48, false);
        assertEquals(3, s.frames(), "the three held-out frames");
        assertEquals("h264 (libopenh264)", s.codec());
        Decoded d = decode(mp4);
        assertEquals(3, d.frames().size());
        assertEquals(64, d.width());
        assertEquals(64, d.height());
        assertEquals(10, d.fps(), 1e-6, "the subject's frame rate");
        assertEquals(List.of("self.mp4"), names(tmp), "no temporary file left");
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(mp4), "readable like any new file");
    }

    /** A copy of a subject directory tracked, as its subject.json says, from {@code video} (path and SHA-256), which has audio. */
    private static Path withAudio(Path dir, Path copy, Path video) throws IOException {
        copyTree(dir, copy);
        ObjectMapper json = SubjectDirectory.json();
        ObjectNode meta = (ObjectNode) json.readTree(copy.resolve(SubjectDirectory.META).toFile());
        ((ObjectNode) meta.get("source")).put("path", video.toString()).put("audio", true)
                .put("sha256", org.tri2plane.core.util.Sha256.of(video));
        Files.writeString(copy.resolve(SubjectDirectory.META), json.writeValueAsString(meta));
        return copy;
    }

    /** A copy of the shared run whose checkpoint names {@code subject}'s source video as the one it was trained on. */
    private static Path runOf(Path subject, Path copy) throws IOException {
        copyTree(run, copy);
        Path file = copy.resolve("checkpoint").resolve("checkpoint.json");
        ObjectNode ckpt = (ObjectNode) SubjectDirectory.json().readTree(file.toFile());
        ckpt.put("subjectSourceSha256", SubjectDirectory.open(subject).meta().source().sha256());
        Files.writeString(file, SubjectDirectory.json().writeValueAsString(ckpt));
        return copy;
    }

    private static void copyTree(Path dir, Path copy) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static double audioSeconds(Path mp4) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
            g.start();
            double s = g.hasAudio() ? g.getLengthInTime() / 1e6 : 0;
            g.stop();
            return s;
        }
    }

    @Test
    void theSourceAudioIsMuxedInSelfModeAndTheDriversInCrossMode(@TempDir Path tmp) throws IOException {
        Path tone = TestVideos.withTone(tmp.resolve("talk.mp4"));
        Path talking = withAudio(subject, tmp.resolve("disc-audio"), tone);
        Path self = tmp.resolve("self.mp4");
        Path talkingRun = runOf(talking, tmp.resolve("run-audio"));
        RenderSummary s = new AvatarRenderer(x -> { }).run(RenderRequest.self(talkingRun, talking, self));
        assertTrue(s.audio());
        double seconds = audioSeconds(self);
        assertTrue(seconds > 0.2 && seconds < 0.6, "frames 9-11 at 10 fps: about 0.3 s, was " + seconds);
        Path speaker = withAudio(driver, tmp.resolve("driver-audio"), tone);
        Path cross = tmp.resolve("cross.mp4");
        assertTrue(render("cross", cross, null, speaker, null, null, null, false, 48, false).audio());
        assertTrue(audioSeconds(cross) > 0.6, "eight driver frames of sound");
        Path silent = tmp.resolve("silent.mp4");
        assertFalse(render("self", silent, null, null, null, null, null, false, 48, false).audio());
        assertEquals(0, audioSeconds(silent));
        // subject.json's source path is the one path that leads out of a subject directory: a file
        // other than the video that was tracked (here: its audio replaced) is never muxed in
        Files.copy(TestVideos.withTone(tmp.resolve("other.mp4")), tone, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(tone, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        List<String> said = new java.util.ArrayList<>();
        Path substituted = tmp.resolve("substituted.mp4");
        assertFalse(new AvatarRenderer(said::add).run(RenderRequest.self(talkingRun, talking, substituted)).audio());
        assertTrue(said.stream().anyMatch(l -> l.contains("no audio") && l.contains("SHA-256")), said.toString());
    }

    @Test
    void sideBySideShowsTheGroundTruthWindowLeftOfTheResult(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("pngs");
        Path mp4 = tmp.resolve("sbs.mp4");
        render("self", mp4, png, null, 10, 11, null, true, 48, false);
        assertEquals(List.of("000000.png", "000001.png"), names(png));
        Decoded d = decode(mp4);
        assertEquals(2, d.frames().size());
        assertEquals(128, d.width());
        assertEquals(64, d.height());
        RgbImage frame = RgbImage.read(png.resolve("000001.png"));
        assertEquals(128, frame.width());
        // left half: frame 11 composited on the background, centred 64² window of the 92² frame
        SubjectDirectory sd = SubjectDirectory.open(subject);
        float[] rgb = SubjectImages.composited(sd, 11, 92, SubjectImages.background(sd))[0];
        RgbImage truth = SubjectImages.toImage(SubjectImages.centredWindow(rgb, 92, 64), 64, 64);
        for (int y = 0; y < 64; y += 7) {
            for (int x = 0; x < 64; x += 5) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(truth.get(x, y, c), frame.get(x, y, c), "ground truth at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void crossModeFollowsEveryDriverFrame(@TempDir Path tmp) throws IOException {
        Path mp4 = tmp.resolve("cross.mp4");
        RenderSummary s = render("cross", mp4, null, driver, null, null, null, true, 48, false);
        assertEquals(8, s.frames());
        Decoded d = decode(mp4);
        assertEquals(8, d.frames().size());
        assertEquals(128, d.width(), "driver | result");
        assertEquals(64, d.height());
        Path range = tmp.resolve("range.mp4");
        assertEquals(3, render("cross", range, null, driver, 2, 4, null, false, 48, false).frames());
        assertEquals(3, decode(range).frames().size());
    }

    @Test
    void orbitSweepsTheRequestedViews(@TempDir Path tmp) throws IOException {
        Path mp4 = tmp.resolve("orbit.mp4");
        RenderSummary s = render("orbit", mp4, null, null, null, null, null, false, 6, false);
        assertEquals(6, s.frames());
        Decoded d = decode(mp4);
        assertEquals(6, d.frames().size());
        assertEquals(64, d.width());
        Path canonical = tmp.resolve("canonical.mp4");
        assertEquals(5, render("orbit", canonical, null, null, null, null, null, false, 5, true).frames());
        assertEquals(5, decode(canonical).frames().size());
        // an expression sequence longer than the orbit: one view per frame
        assertEquals(4, render("orbit", null, tmp.resolve("seq"), null, 0, 3, null, false, 2, false).frames());
    }

    @Test
    void anOrbitBeyondTheTrackedTurnIsWarnedOnceAndANarrowOneIsNot(@TempDir Path tmp) throws IOException {
        List<String> log = new ArrayList<>();
        new AvatarRenderer(log::add).run(RenderRequest.builder(run, subject).mode(new RenderMode.Orbit(40, 0, 4, false))
                .pngDir(tmp.resolve("wide")).build());
        List<String> warnings = log.stream().filter(l -> l.contains("beyond what the training video shows")).toList();
        assertEquals(1, warnings.size(), log.toString());
        assertTrue(warnings.get(0).contains("2 of 4 views") && warnings.get(0).contains("yaw"), warnings.get(0));
        log.clear();
        new AvatarRenderer(log::add).run(RenderRequest.builder(run, subject).mode(new RenderMode.Orbit(2, 0, 4, false))
                .pngDir(tmp.resolve("narrow")).build());
        assertTrue(log.stream().noneMatch(l -> l.contains("beyond what the training video shows")), log.toString());
    }

    @Test
    void orbitAtZeroDegreesEqualsTheSelfRenderOfThatFrame(@TempDir Path tmp) throws IOException {
        for (int frame : new int[] {4, 10}) { // a training frame (own γ) and a held-out one (mean γ)
            Path orbit = tmp.resolve("orbit" + frame);
            Path self = tmp.resolve("self" + frame);
            render("orbit", null, orbit, null, frame, frame, null, false, 4, false);
            render("self", null, self, null, frame, frame, null, false, 48, false);
            RgbImage a = RgbImage.read(orbit.resolve("000000.png"));
            RgbImage b = RgbImage.read(self.resolve("000000.png"));
            assertArrayEquals(b.rgb(), a.rgb(), "view 0 of the orbit is the tracked pose");
            RgbImage turned = RgbImage.read(orbit.resolve("000001.png"));
            assertFalse(java.util.Arrays.equals(a.rgb(), turned.rgb()), "view 1 is turned by 40°");
        }
    }

    /**
     * The trained avatar with its density replaced by a solid black block behind the head's
     * centre (the only thing in its box): turned by the orbit's yaw, the block's silhouette lands
     * where the view's pose and camera project it, to the side the yaw says.
     */
    @Test
    void anOrbitMovesTheSilhouetteWhereTheYawPutsIt(@TempDir Path tmp) throws IOException {
        Path blockRun = tmp.resolve("block");
        Path ck = blockRun.resolve("checkpoint");
        copyTree(run.resolve("checkpoint"), ck);
        double[] lo = {-0.3, -0.3, 0.9};
        double[] hi = {0.3, 0.3, 1.5};
        try (NDManager m = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new ModelIO().load(ck, m, null);
            setParameter(model, "density", "weight", 0f); // σ = softplus(51 - 1) = 50 inside the box
            setParameter(model, "density", "bias", 51f);
            setParameter(model, "features", "weight", 0f); // features sigmoid(-20) ≈ 0: black
            setParameter(model, "features", "bias", -20f);
            setParameter(model, "to_rgb", "weight", 0f); // the SR stage passes the rendered colour through
            setParameter(model, "to_rgb", "bias", 0f);
            new ModelIO().writeInto(model, ck);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = (ObjectNode) json.readTree(ck.resolve(ModelIO.HEADER_FILE).toFile());
        ObjectNode rendering = (ObjectNode) header.get("config").get("rendering");
        rendering.putPOJO("boxMin", lo);
        rendering.putPOJO("boxMax", hi);
        Files.writeString(ck.resolve(ModelIO.HEADER_FILE), json.writeValueAsString(header));

        Path png = tmp.resolve("views");
        Path params = tmp.resolve("params.json");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(blockRun, subject).mode(new RenderMode.Orbit(40, 0, 4, false))
                .frames(4, 4).pngDir(png).expectedParams(params).build());
        ExpectedParams e = ExpectedParams.read(params);
        List<String> views = names(png);
        assertEquals(4, views.size());
        double[] centres = new double[4];
        for (int v = 0; v < 4; v++) {
            RgbImage img = RgbImage.read(png.resolve(views.get(v)));
            org.tri2plane.core.geometry.Camera camera = e.camera().scaled((double) img.width() / e.camera().width());
            ExpectedParams.Frame f = e.frames().get(v);
            Pose pose = new Pose(f.rotation(), f.translation());
            double uMin = Double.MAX_VALUE;
            double uMax = -Double.MAX_VALUE;
            for (int corner = 0; corner < 8; corner++) {
                double[] p = {(corner & 1) == 0 ? lo[0] : hi[0], (corner & 2) == 0 ? lo[1] : hi[1], (corner & 4) == 0 ? lo[2] : hi[2]};
                double u = camera.project(pose.toCamera(p))[0];
                uMin = Math.min(uMin, u);
                uMax = Math.max(uMax, u);
            }
            int first = Integer.MAX_VALUE;
            int last = -1;
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    int i = 3 * (y * img.width() + x);
                    if ((img.rgb()[i] & 0xff) + (img.rgb()[i + 1] & 0xff) + (img.rgb()[i + 2] & 0xff) < 3 * 128) { // darker than mid-grey
                        first = Math.min(first, x);
                        last = Math.max(last, x);
                    }
                }
            }
            assertTrue(last >= 0, "view " + v + " shows the block");
            centres[v] = (first + last + 1) / 2.0;
            assertEquals((uMin + uMax) / 2, centres[v], 1.5, "view " + v + ": silhouette columns " + first + "-" + last
                    + ", the pose projects the block to " + uMin + "-" + uMax);
            assertEquals(uMax - uMin, last + 1 - first, 2.5, "view " + v + ": the silhouette's width");
        }
        // views 1 and 3 turn by +40° and -40°: a block 1.2 units behind the centre swings to either side
        assertTrue(Math.abs(centres[1] - centres[0]) > 4 && Math.abs(centres[3] - centres[0]) > 4
                && Math.signum(centres[1] - centres[0]) == -Math.signum(centres[3] - centres[0]),
                "silhouette centres " + java.util.Arrays.toString(centres));
    }

    /** Sets every value of the model parameter whose name holds {@code block} and ends with {@code kind}. */
    private static void setParameter(Tri2PlaneModel model, String block, String kind, float value) {
        List<String> names = model.namedParameters().keySet().stream()
                .filter(n -> n.contains(block) && n.endsWith(kind)).toList();
        assertEquals(1, names.size(), "one parameter " + block + "/" + kind + " in " + model.namedParameters().keySet());
        ai.djl.ndarray.NDArray a = model.namedParameters().get(names.get(0)).getArray();
        a.set(a.zerosLike().add(value).toFloatArray());
    }

    @Test
    void framesLeaveNoNativeArraysBehind() throws IOException {
        try (NDManager root = NDManager.newBaseManager()) {
            Tri2PlaneModel model = new ModelIO().load(run.resolve("checkpoint"), root, null);
            SubjectDirectory sd = SubjectDirectory.open(subject);
            int before = root.getManagedArrays().size();
            float[] cond = SubjectImages.condition(sd, 3, 32);
            var p = sd.params().get(3);
            try (Avatar avatar = Avatar.of(model, root, sd.meta().camera(),
                    sd.meta().conditionFraming().stream().mapToDouble(Double::doubleValue).toArray())) {
                avatar.render(new View(p.pose(), p.betaArray(), cond, 3, 0, 0, 64));
                int live = root.getManagedArrays().size();
                for (int i = 0; i < 6; i++) {
                    avatar.render(new View(p.pose(), p.betaArray(), cond, i % 2 == 0 ? View.MEAN_GAMMA : 3, 0, 0, 64));
                }
                assertEquals(live, root.getManagedArrays().size(), "every frame closes what it made");
            }
            assertEquals(before, root.getManagedArrays().size(), "closing the avatar frees what it made (the mean code)");
        }
    }

    @Test
    void theTruthFolderHoldsTheAlignedGroundTruth(@TempDir Path tmp) throws IOException {
        Path pred = tmp.resolve("pred");
        Path truth = tmp.resolve("truth");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(pred).truthDir(truth).build());
        assertEquals(names(pred), names(truth));
        assertEquals(List.of("000000.png", "000001.png", "000002.png"), names(truth));
        SubjectDirectory sd = SubjectDirectory.open(subject);
        float[] rgb = SubjectImages.composited(sd, 10, 92, SubjectImages.background(sd))[0];
        RgbImage expected = SubjectImages.toImage(SubjectImages.centredWindow(rgb, 92, 64), 64, 64);
        assertArrayEquals(expected.rgb(), RgbImage.read(truth.resolve("000001.png")).rgb(), "held-out frame 10");
        Path crossTruth = tmp.resolve("driver-truth");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).mode(new RenderMode.Cross(driver, null)).pngDir(tmp.resolve("cross")).truthDir(crossTruth).build());
        assertEquals(8, names(crossTruth).size(), "the driver's frames");
        RenderException orbit = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).mode(new RenderMode.Orbit(40, 0, 4, false)).pngDir(tmp.resolve("o")).truthDir(tmp.resolve("ot")).build()));
        assertTrue(orbit.getMessage().contains("no ground truth"), orbit.getMessage());
    }

    @Test
    void anOffsetWindowRendersAndCropsTheSameShiftedWindow(@TempDir Path tmp) throws IOException {
        Path pred = tmp.resolve("pred");
        Path truth = tmp.resolve("truth");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(pred).frames(10, 10).truthDir(truth).windowOffset(9, -6).build());
        SubjectDirectory sd = SubjectDirectory.open(subject);
        float[] rgb = SubjectImages.composited(sd, 10, 92, SubjectImages.background(sd))[0];
        // window 64 of frame 92: centred origin 14, so offset (9, -6) starts at (23, 8)
        RgbImage expected = SubjectImages.toImage(SubjectImages.window(rgb, 92, 64, 23, 8), 64, 64);
        assertArrayEquals(expected.rgb(), RgbImage.read(truth.resolve("000000.png")).rgb(), "shifted ground truth");
        Path centred = tmp.resolve("centred");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(centred).frames(10, 10).build());
        assertFalse(java.util.Arrays.equals(RgbImage.read(centred.resolve("000000.png")).rgb(),
                RgbImage.read(pred.resolve("000000.png")).rgb()), "the shifted window shows another part of the frame");

        RenderException e = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(tmp.resolve("far")).windowOffset(15, 0).build()));
        assertTrue(e.getMessage().contains("at most ±14"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("far")));
    }

    @Test
    void aX2ModelIsScoredAgainstTheSubjectsHiResFrames(@TempDir Path tmp) throws IOException {
        Path hi = SyntheticSubject.write(tmp.resolve("hi"), 6, 2, 4, 92, "hh");
        SyntheticSubject.addHiRes(hi, 2);
        Path x2run = tmp.resolve("x2run");
        new Trainer(s -> { }).run(new TrainOptions(hi, SyntheticSubject.configX2(), x2run, 2, null, null, null, false));
        Path truth = tmp.resolve("truth");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(x2run, hi).pngDir(tmp.resolve("pred")).frames(5, 5).truthDir(truth).windowOffset(9, -6).build());
        SubjectDirectory sd = SubjectDirectory.open(hi);
        float[] rgb = SubjectImages.composited(sd, 5, 2, 184, SubjectImages.background(sd))[0];
        // window 128 of the 184 px hi-res frame at twice the offset: origin (2 x 23, 2 x 8)
        RgbImage expected = SubjectImages.toImage(SubjectImages.window(rgb, 184, 128, 46, 16), 128, 128);
        RgbImage got = RgbImage.read(truth.resolve("000000.png"));
        assertEquals(128, got.width());
        assertArrayEquals(expected.rgb(), got.rgb(), "real x2 pixels, not an upsample of the 92 px frame");
    }

    @Test
    void anExistingVideoOrPngFolderIsReplacedOnlyWithForce(@TempDir Path tmp) throws IOException {
        Path mp4 = Files.writeString(tmp.resolve("self.mp4"), "an earlier video");
        Path png = Files.createDirectories(tmp.resolve("png"));
        Files.writeString(png.resolve("old.png"), "x");
        RenderException e = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).mp4(mp4).frames(10, 10).build()));
        assertTrue(e.getMessage().contains(mp4.toString()) && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("an earlier video", Files.readString(mp4));
        RenderException p = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(png).frames(10, 10).build()));
        assertTrue(p.getMessage().contains("--force"), p.getMessage());
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).mp4(mp4).pngDir(png).frames(10, 10).force(true).build());
        assertTrue(Files.size(mp4) > 100, "replaced by a real video");
        assertEquals(List.of("000000.png"), names(png), "the PNG folder holds only the new frames");
    }

    @Test
    void whatAKilledRenderLeftBehindIsCleanedUpByTheNextOne(@TempDir Path tmp) throws IOException {
        Path mp4 = tmp.resolve("self.mp4");
        Path png = tmp.resolve("png");
        // kill -9 during the encode and the PNG writes, and a replaced PNG folder cut between its renames
        Path video = Files.writeString(tmp.resolve(".self.mp4.k1.tmp.mp4"), "half a video");
        Path frames = Files.createDirectories(tmp.resolve(".png.tmp-k2"));
        Path moved = Files.createDirectories(tmp.resolve(".png.old-k3"));
        Files.writeString(moved.resolve("000000.png"), "the earlier, complete frames");
        List<String> said = new java.util.ArrayList<>();
        new AvatarRenderer(said::add).run(RenderRequest.builder(run, subject).mp4(mp4).pngDir(png).frames(10, 10).force(true).build());
        assertFalse(Files.exists(video) || Files.exists(frames) || Files.exists(moved), "no temporary file or folder left");
        assertTrue(said.stream().anyMatch(l -> l.contains("restored")), said.toString());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("png", "self.mp4"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.size(png.resolve("000000.png")) > 100, "the new frame, not the restored one");
    }

    @Test
    void anAbsurdResolutionIsRefusedBeforeAnythingIsRendered(@TempDir Path tmp) {
        RenderException e = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(tmp.resolve("p")).resolution(100000).build()));
        assertTrue(e.getMessage().contains("from 16 to 4096, was 100000"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("p")));
    }

    @Test
    void theExpectedParametersAreThoseEachFrameWasRenderedFrom(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("params.json");
        new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(tmp.resolve("p")).frames(9, 11)
                .expectedParams(file).build());
        ExpectedParams e = ExpectedParams.read(file);
        List<org.tri2plane.core.subject.FrameParams> params = org.tri2plane.core.subject.SubjectDirectory.open(subject).params()
                .stream().filter(p -> p.index() >= 9 && p.index() <= 11).toList();
        assertEquals(params.size(), e.frames().size());
        assertEquals(subject.toAbsolutePath().normalize().toString(), e.subject());
        assertEquals(512, e.camera().width(), "the camera of the 512² measurement");
        for (int i = 0; i < params.size(); i++) {
            assertEquals(params.get(i).index(), e.frames().get(i).source());
            assertArrayEquals(params.get(i).betaArray(), e.frames().get(i).beta(), 1e-12);
            assertArrayEquals(params.get(i).pose().translation(), e.frames().get(i).translation(), 1e-12);
        }
    }

    @Test
    void expectedLandmarksNeedTheMediaPipeTopology(@TempDir Path tmp) {
        RenderException e = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { }).run(RenderRequest.builder(run, subject).pngDir(tmp.resolve("p")).landmarks(tmp.resolve("lm.jsonl")).build()));
        assertTrue(e.getMessage().contains("468"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("p")));
    }

    @Test
    void landmarksAreTheProjectedMeshAt512() {
        double[] mean = new double[3 * 468];
        mean[3 * 4] = 0.1; // vertex 4 = point 30 (nose tip)
        mean[3 * 4 + 1] = -0.2;
        mean[3 * 4 + 2] = 0.3;
        double[][] basis = {new double[3 * 468]};
        basis[0][3 * 4 + 2] = 1; // moves the nose tip along z
        var model = new org.tri2plane.tracking.fit.PcaMorphableModel(mean, basis, new double[] {1});
        var window = new org.tri2plane.core.geometry.Camera(100, 100, 32, 32, 64, 64);
        double[] pts = new LandmarkProjector(model, window).project(new double[] {0.2}, Pose.translation(0, 0, 5));
        double z = 5 + 0.3 + 0.2;
        assertEquals((100 * 0.1 / z + 32) * 8, pts[2 * 30], 1e-9);
        assertEquals((100 * -0.2 / z + 32) * 8, pts[2 * 30 + 1], 1e-9);
        assertEquals(32 * 8, pts[0], 1e-9, "vertex 127 at the origin projects to the principal point");
    }

    @Test
    void renderingIsDeterministic(@TempDir Path tmp) throws IOException {
        render("self", null, tmp.resolve("a"), null, 9, 10, null, false, 48, false);
        render("self", null, tmp.resolve("b"), null, 9, 10, null, false, 48, false);
        for (String n : List.of("000000.png", "000001.png")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(n)), Files.readAllBytes(tmp.resolve("b").resolve(n)));
        }
    }

    @Test
    void aLargerResolutionResizesTheModelsOutput(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("big");
        RenderSummary s = render("self", null, png, null, 9, 9, 128, false, 48, false);
        assertEquals(128, s.width());
        RgbImage big = RgbImage.read(png.resolve("000000.png"));
        assertEquals(128, big.width());
        render("self", null, tmp.resolve("native"), null, 9, 9, null, false, 48, false);
        RgbImage small = RgbImage.read(tmp.resolve("native").resolve("000000.png"));
        RgbImage down = ImageOps.resize(big, 64, 64);
        double sum = 0;
        for (int i = 0; i < small.rgb().length; i++) {
            sum += Math.abs((small.rgb()[i] & 0xff) - (down.rgb()[i] & 0xff));
        }
        double mean = sum / small.rgb().length;
        assertTrue(mean < 4, "the upsampled frame shows the same image, mean difference " + mean);
    }

    @Test
    void aCheckpointOfAnotherSubjectIsRefused(@TempDir Path tmp) throws IOException {
        Path mp4 = tmp.resolve("x.mp4");
        RenderException e = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { })
                .run(RenderRequest.self(run, driver, mp4)));
        assertTrue(e.getMessage().contains("another subject"), e.getMessage());
        assertEquals(List.of(), names(tmp), "no MP4, no temporary file");
    }

    @Test
    void aSubjectWithOtherExpressionCoefficientsIsRefused(@TempDir Path tmp) throws IOException {
        Path other = SyntheticSubject.write(tmp.resolve("k6"), 12, 3, 6, 92, "aa");
        Path mp4 = tmp.resolve("x.mp4");
        RenderException e = assertThrows(RenderException.class, () -> new AvatarRenderer(s -> { })
                .run(RenderRequest.self(run, other, mp4)));
        assertTrue(e.getMessage().contains("expects 4 expression coefficients"), e.getMessage());
        assertFalse(Files.exists(mp4));
    }

    @Test
    void aDriverThatIsNotATrackedSubjectIsRefused(@TempDir Path tmp) throws IOException {
        Path notSubject = Files.createDirectories(tmp.resolve("videos"));
        Path mp4 = tmp.resolve("x.mp4");
        SubjectFormatException e = assertThrows(SubjectFormatException.class,
                () -> render("cross", mp4, null, notSubject, null, null, null, false, 48, false));
        assertTrue(e.getMessage().contains("videos"), e.getMessage());
        assertFalse(Files.exists(mp4));
        RenderException none = assertThrows(RenderException.class,
                () -> render("cross", mp4, null, null, null, null, null, false, 48, false));
        assertTrue(none.getMessage().contains("--driver"), none.getMessage());
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeRendering(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "a file, not a folder");
        RenderException e = assertThrows(RenderException.class,
                () -> render("self", file.resolve("result.mp4"), null, null, null, null, null, false, 48, false));
        assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
        RenderException folder = assertThrows(RenderException.class,
                () -> render("self", tmp, null, null, null, null, null, false, 48, false));
        assertTrue(folder.getMessage().contains("it is a folder"), folder.getMessage());
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("old.png"), "x");
        RenderException taken = assertThrows(RenderException.class,
                () -> render("self", null, full, null, null, null, null, false, 48, false));
        assertTrue(taken.getMessage().contains("not empty"), taken.getMessage());
        assertEquals(List.of("full", "notes.txt"), names(tmp));
    }

    @Test
    void aFrameRangeOutsideTheSubjectIsAnError(@TempDir Path tmp) {
        RenderException e = assertThrows(RenderException.class,
                () -> render("self", tmp.resolve("x.mp4"), null, null, 500, 600, null, false, 48, false));
        assertTrue(e.getMessage().contains("no frames"), e.getMessage());
    }
}
