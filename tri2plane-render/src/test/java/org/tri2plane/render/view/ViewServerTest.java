package org.tri2plane.render.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tri2plane.core.avatar.Avatar;
import org.tri2plane.core.avatar.View;
import org.tri2plane.core.geometry.Pose;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.train.SyntheticSubject;
import org.tri2plane.train.TrainOptions;
import org.tri2plane.train.Trainer;

/**
 * The viewer's server on a tiny trained avatar: the page, the controls and pictures that follow
 * the query; requests from elsewhere, malformed ones and dropped connections refused without
 * stopping it; native memory flat over many renders; and a real browser that opens the page and
 * sees the head turn.
 */
class ViewServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static NDManager parent;
    private static Avatar avatar;
    private static ViewServer server;
    private static final List<String> LOG = new ArrayList<>();

    /** 12 frames (the last 3 held out) trained for 20 steps, served on a free loopback port. */
    @BeforeAll
    static void serveATinyAvatar() throws IOException {
        Path subject = SyntheticSubject.write(shared.resolve("disc"), 12, 3, 4, 92, "aa");
        Path run = shared.resolve("run");
        new Trainer(s -> { }).run(new TrainOptions(subject, SyntheticSubject.config(), run, 20, null, null, null, false));
        parent = NDManager.newBaseManager();
        avatar = Avatar.open(run, subject, parent);
        server = ViewServer.start(new ViewScene(avatar), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), LOG::add);
    }

    @AfterAll
    static void stop() {
        server.close();
        avatar.close();
        parent.close();
    }

    private record Reply(int status, String type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Reply get(String pathAndQuery) throws IOException {
        return request("GET", pathAndQuery);
    }

    /** The status of a request written byte for byte (HttpURLConnection will not send another Host). */
    private static int rawStatus(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String line = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    private static Reply request(String method, String pathAndQuery) throws IOException {
        HttpURLConnection c = (HttpURLConnection) server.address().resolve(pathAndQuery).toURL().openConnection();
        c.setRequestMethod(method);
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Reply(status, c.getContentType(), in == null ? new byte[0] : in.readAllBytes());
        }
    }

    private static BufferedImage png(Reply r) throws IOException {
        assertEquals(200, r.status(), r.text());
        assertEquals("image/png", r.type());
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    @Test
    void thePageTheControlsAndPicturesThatFollowTheQuery() throws IOException {
        Reply page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<title>tri2plane view</title>") && page.text().contains("/frame?"), "the page");
        JsonNode info = JSON.readTree(get("/info").body());
        assertEquals(64, info.get("size").asInt());
        assertEquals(4, info.get("coefficientStd").size(), "one slider per expression coefficient");
        assertEquals(3, info.get("heldOut").size());
        assertEquals(12, info.get("frames").size());
        int frame = info.get("defaultFrame").asInt();
        BufferedImage front = png(get("/frame?frame=" + frame + "&yaw=0"));
        assertEquals(64, front.getWidth());
        assertArrayEquals(RgbImage.of(front).rgb(), RgbImage.of(png(get("/frame"))).rgb(), "no query: the default frame, front on");
        BufferedImage turned = png(get("/frame?frame=" + frame + "&yaw=40"));
        assertFalse(java.util.Arrays.equals(RgbImage.of(front).rgb(), RgbImage.of(turned).rgb()), "a turned head");
        BufferedImage neutral = png(get("/frame?frame=" + frame + "&beta=0,0,0,0"));
        BufferedImage asked = png(get("/frame?frame=" + frame + "&beta=" + 2 * info.get("coefficientStd").get(0).asDouble() + ",0,0,0"));
        assertFalse(java.util.Arrays.equals(RgbImage.of(neutral).rgb(), RgbImage.of(asked).rgb()), "an expression slider moves the face");
        png(get("/frame?canonical=1&yaw=-20&pitch=10"));
        assertEquals(200, request("HEAD", "/info").status());
    }

    @Test
    void requestsFromElsewhereMalformedOrCutOffAreRefusedAndTheServerKeepsServing() throws IOException {
        int port = server.address().getPort();
        assertEquals(403, rawStatus("GET /info HTTP/1.1\r\nHost: attacker.example:" + port + "\r\nConnection: close\r\n\r\n"),
                "DNS rebinding: another Host");
        assertEquals(403, rawStatus("GET /info HTTP/1.1\r\nConnection: close\r\n\r\n"), "no Host at all");
        assertEquals(200, rawStatus("GET /info HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n"));
        String host = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n";
        assertEquals(403, rawStatus("GET /frame HTTP/1.1\r\n" + host + "Origin: http://attacker.example\r\n\r\n"),
                "another site's page");
        assertEquals(200, rawStatus("GET /info HTTP/1.1\r\n" + host + "Origin: http://127.0.0.1:" + port + "\r\n\r\n"));
        assertEquals(405, request("POST", "/frame").status());
        assertEquals(503, rawStatus("POST /drive HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n"), "live drive is off here");
        JsonNode drive = JSON.readTree(get("/drive").body());
        assertFalse(drive.get("available").asBoolean());
        assertTrue(drive.get("message").asText().contains("without the face tracker"), drive.toString());
        assertEquals(404, get("/etc/passwd").status(), "no request names a file");
        assertEquals(404, get("/viewer.html/../info").status());
        for (String bad : List.of("yaw=abc", "yaw=1e400", "yaw=NaN", "yaw=200", "beta=1,2", "beta=1,2,3,x", "frame=9999",
                "frame=3&frame=4", "colour=red", "beta=1e9,0,0,0", "yaw=" + "9".repeat(5000))) {
            Reply r = get("/frame?" + bad);
            assertTrue(r.status() == 400 || r.status() == 414 || r.status() == 413, bad + " -> " + r.status());
            if (r.status() == 400) {
                assertTrue(JSON.readTree(r.body()).get("error").asText().length() > 5, bad + ": says what is wrong: " + r.text());
            }
        }
        for (String garbage : List.of("GET /frame?yaw=1", "\u0000\u0001\u0002garbage\r\n\r\n", "GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                + port + "\r\nContent-Length: 99999999\r\n\r\npartial")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } // closed abruptly, before any answer
        }
        png(get("/frame?yaw=10"));
        assertEquals(200, get("/info").status(), "still serving");
    }

    /**
     * The avatar keeps the planes of its last code: a view that only turns the head renders from
     * them exactly what it renders from planes generated afresh, a view with another code does not
     * render from them, and turns one after another keep native memory flat.
     */
    @Test
    void aTurnRendersFromTheLastPlanesExactlyWhatFreshPlanesGive() throws IOException {
        float[] cond = avatar.condition(0);
        double[] beta = avatar.subject().params().get(0).beta().stream().mapToDouble(Double::doubleValue).toArray();
        double[] other = beta.clone();
        other[0] += 1.5;
        View front = new View(Pose.yaw(0, 0, 0, 5), beta, cond, View.MEAN_GAMMA);
        View turned = new View(Pose.yaw(0.4, 0.1, 0, 5), beta, cond, View.MEAN_GAMMA);
        View otherCode = new View(Pose.yaw(0.4, 0.1, 0, 5), other, cond, View.MEAN_GAMMA);
        avatar.render(otherCode);
        byte[] fresh = avatar.render(turned).rgb(); // another code before it: planes generated for it
        avatar.render(front);
        byte[] reused = avatar.render(turned).rgb(); // the same code as the view before: its planes
        assertArrayEquals(fresh, reused, "a turn renders from the last planes what fresh planes give");
        assertFalse(Arrays.equals(reused, avatar.render(otherCode).rgb()), "another code is generated, not reused");
        assertFalse(Arrays.equals(reused, avatar.render(front).rgb()), "the turn shows");
        int live = parent.getManagedArrays().size();
        for (int i = 0; i < 12; i++) {
            avatar.render(new View(Pose.yaw(0.05 * i, 0, 0, 5), beta, cond, View.MEAN_GAMMA));
        }
        assertEquals(live, parent.getManagedArrays().size(), "turns from the kept planes keep nothing");
    }

    @Test
    void nativeMemoryStaysFlatOverManyRenders() throws IOException {
        png(get("/frame?yaw=1"));
        int live = parent.getManagedArrays().size();
        for (int i = 0; i < 150; i++) {
            String q = i % 3 == 0 ? "yaw=" + (i % 40) : i % 3 == 1 ? "canonical=1&pitch=" + (i % 20) : "beta=0.1,0,0," + (i % 5) * 0.01;
            assertEquals(200, get("/frame?" + q).status());
        }
        assertEquals(live, parent.getManagedArrays().size(), "every render closes what it made");
    }

    @Test
    void theBenchmarkSweepsTheSlidersAndSplitsTheLatency() throws Exception {
        ViewBenchmark.Result r = ViewBenchmark.run(new ViewScene(avatar), 1, 6, done -> { });
        assertEquals(6, r.requests());
        assertTrue(r.framesPerSecond() > 0);
        assertTrue(r.latencyP50Ms() <= r.latencyP95Ms() && r.latencyP95Ms() <= r.latencyMaxMs(), r.toString());
        assertTrue(r.renderMedianMs() > 0 && r.renderMedianMs() <= r.latencyMaxMs(), r.toString());
        ViewScene.Info info = new ViewScene(avatar).info();
        for (int i = 0; i < 92; i++) {
            ViewQuery q = ViewQuery.parse(ViewBenchmark.query(info, i));
            assertTrue(Math.abs(q.yawDegrees()) <= 45, "request " + i);
            assertEquals(i % 3 == 2, q.beta() != null, "an expression slider every third request");
        }
        assertEquals(-45, ViewQuery.parse(ViewBenchmark.query(info, 0)).yawDegrees());
        assertEquals(43, ViewQuery.parse(ViewBenchmark.query(info, 22)).yawDegrees());
        assertEquals(2.0, ViewBenchmark.percentile(List.of(1.0, 2.0, 3.0, 4.0), 0.5), 0, "nearest rank: ceil(0.5 * 4) = the 2nd");
        assertEquals(4.0, ViewBenchmark.percentile(List.of(1.0, 2.0, 3.0, 4.0), 0.95));
    }

    @Test
    void aRealBrowserOpensThePageAndSeesTheHeadTurn(@TempDir Path tmp) throws Exception {
        Path chromium = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no browser installed (Debian's chromium); .ci/run installs it");
        int frame = JSON.readTree(get("/info").body()).get("defaultFrame").asInt();
        double[] shift = new double[2];
        int k = 0;
        for (int yaw : new int[] {-40, 40}) {
            URI page = server.address().resolve("/#yaw=" + yaw);
            Path shot = Path.of("target", "view-test", "viewer-yaw" + yaw + ".png");
            Files.createDirectories(shot.getParent());
            List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + tmp.resolve("profile" + yaw), "--virtual-time-budget=15000", "--window-size=1100,700",
                    "--screenshot=" + shot.toAbsolutePath(), page.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium" + yaw + ".log").toFile())
                    .start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser finished");
            BufferedImage screen = ImageIO.read(shot.toFile());
            assertTrue(screen != null, "a screenshot is kept with the test output: " + shot);
            // the page shows the picture the server renders for that yaw: compare it with the server's own
            BufferedImage expected = png(get("/frame?frame=" + frame + "&yaw=" + yaw));
            BufferedImage other = png(get("/frame?frame=" + frame + "&yaw=" + -yaw));
            double match = PictureMatch.best(screen, expected);
            double mismatch = PictureMatch.best(screen, other);
            assertTrue(match > 0.9, "the page shows the yaw " + yaw + " picture (correlation " + match + ")");
            shift[k++] = match - mismatch;
        }
        assertTrue(shift[0] > 0.02 && shift[1] > 0.02, "each page is nearer its own yaw's picture than the opposite one: "
                + java.util.Arrays.toString(shift));
    }
}
