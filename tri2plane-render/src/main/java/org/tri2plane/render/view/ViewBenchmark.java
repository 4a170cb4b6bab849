package org.tri2plane.render.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;
import org.tri2plane.core.image.RgbImage;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.core.util.Stats;

/**
 * The viewer's requests as its page makes them, one at a time over HTTP/1.1 to a
 * {@link ViewServer} on the loopback interface: slider renders (the head swept from −45° to +45°
 * and back, an expression slider moved every third request) or live drive (camera pictures, as
 * JPEG, posted in turn; the first {@link LiveDrive#NEUTRAL_FRAMES} make the neutral reference
 * and are not timed). Reports frames/s, the latency's median and 95th percentile, and how a
 * request's time splits into tracking (live drive), rendering, PNG encoding and the rest (HTTP,
 * decoding the query or the picture).
 */
public final class ViewBenchmark {

    /** What one run measured; times in milliseconds; {@code mode} "slider" or "live". */
    public record Result(String mode, String subject, int size, int warmup, int requests, double framesPerSecond,
            double latencyP50Ms, double latencyP95Ms, double latencyMaxMs, double trackMedianMs, double renderMedianMs,
            double encodeMedianMs, double otherMedianMs, long rssEndMb, String cpu) {}

    private ViewBenchmark() {}

    /** Runs {@code warmup} untimed then {@code requests} timed slider requests against {@code scene}. */
    public static Result run(ViewScene scene, int warmup, int requests, IntConsumer progress) throws IOException, InterruptedException {
        ViewScene.Info info = scene.info();
        try (ViewServer server = ViewServer.start(scene, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> { })) {
            return measure("slider", info, warmup, requests, progress,
                    i -> HttpRequest.newBuilder(server.address().resolve("/frame?" + query(info, i))).GET().build());
        }
    }

    /**
     * Runs live drive of {@code scene} by {@code live} with {@code pictures} posted in turn (cycled):
     * the neutral reference and {@code warmup} more untimed, then {@code requests} timed.
     */
    public static Result runLive(ViewScene scene, LiveDrive live, List<RgbImage> pictures, int warmup, int requests,
            IntConsumer progress) throws IOException, InterruptedException {
        List<byte[]> jpegs = new ArrayList<>();
        for (RgbImage p : pictures) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(p.toBufferedImage(), "jpg", out);
            jpegs.add(out.toByteArray());
        }
        ViewScene.Info info = scene.info();
        try (ViewServer server = ViewServer.start(scene, live, "", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                line -> { })) {
            URI drive = server.address().resolve("/drive");
            return measure("live", info, LiveDrive.NEUTRAL_FRAMES + warmup, requests, progress, i -> HttpRequest.newBuilder(drive)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(jpegs.get(i < LiveDrive.NEUTRAL_FRAMES ? 0 : i % jpegs.size())))
                    .build());
        }
    }

    /** The request of step {@code i}. */
    private interface Requests {
        HttpRequest of(int i);
    }

    private static Result measure(String mode, ViewScene.Info info, int warmup, int requests, IntConsumer progress, Requests make)
            throws IOException, InterruptedException {
        if (warmup < 0 || requests < 1) {
            throw new IllegalArgumentException("warmup >= 0 and requests >= 1");
        }
        List<Double> latency = new ArrayList<>();
        List<Double> track = new ArrayList<>();
        List<Double> render = new ArrayList<>();
        List<Double> encode = new ArrayList<>();
        List<Double> other = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as a browser talks to it
        long start = 0;
        for (int i = 0; i < warmup + requests; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            HttpRequest request = make.of(i);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IOException("the viewer answered " + r.statusCode() + " to " + request.uri() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (i >= warmup) {
                double tm = header(r, "X-Track-Ms");
                double rm = header(r, "X-Render-Ms");
                double em = header(r, "X-Encode-Ms");
                latency.add(ms);
                track.add(tm);
                render.add(rm);
                encode.add(em);
                other.add(ms - tm - rm - em);
            }
            progress.accept(i + 1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = latency.stream().sorted().toList();
        return new Result(mode, info.subject(), info.size(), warmup, requests, requests / seconds, percentile(sorted, 0.5),
                percentile(sorted, 0.95), sorted.get(sorted.size() - 1), Stats.of(track).median(), Stats.of(render).median(),
                Stats.of(encode).median(), Stats.of(other).median(), ProcessInfo.rssMb(), ProcessInfo.cpuModel());
    }

    private static double header(HttpResponse<?> r, String name) {
        return Double.parseDouble(r.headers().firstValue(name).orElse("0"));
    }

    /** Request {@code i}'s query: yaw sweeping ±45° in 4° steps, the first expression slider moved every third request. */
    static String query(ViewScene.Info info, int i) {
        int phase = i % 46;
        int yaw = phase < 23 ? -45 + 4 * phase : 45 - 4 * (phase - 23);
        StringBuilder q = new StringBuilder("frame=" + info.defaultFrame() + "&yaw=" + Math.max(-45, Math.min(45, yaw)));
        if (i % 3 == 2) {
            q.append("&beta=");
            for (int k = 0; k < info.coefficientStd().length; k++) {
                double b = k == 0 ? info.coefficientStd()[0] * 2 * Math.sin(i / 5.0) : 0;
                q.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", b));
            }
        }
        return q.toString();
    }

    /** The p-quantile of sorted values (nearest rank). */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
