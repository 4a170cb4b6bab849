package org.tri2plane.render.view;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.tri2plane.core.util.ProcessInfo;
import org.tri2plane.core.util.Stats;

/**
 * Slider renders of the viewer as its page asks for them: one request at a time over HTTP to a
 * {@link ViewServer} on the loopback interface, the head swept from −45° to +45° and back and an
 * expression slider moved every third request. Reports frames/s, the latency's median and 95th
 * percentile, and how a request's time splits into rendering, PNG encoding and the rest (HTTP,
 * condition maps of a moved slider, decoding the query).
 */
public final class ViewBenchmark {

    /** What one run measured; times in milliseconds. */
    public record Result(String subject, int size, int warmup, int requests, double framesPerSecond, double latencyP50Ms,
            double latencyP95Ms, double latencyMaxMs, double renderMedianMs, double encodeMedianMs, double otherMedianMs,
            long rssEndMb, String cpu) {}

    private ViewBenchmark() {}

    /** Runs {@code warmup} untimed then {@code requests} timed slider requests against {@code scene}. */
    public static Result run(ViewScene scene, int warmup, int requests, IntConsumer progress) throws IOException, InterruptedException {
        if (warmup < 0 || requests < 1) {
            throw new IllegalArgumentException("warmup >= 0 and requests >= 1");
        }
        ViewScene.Info info = scene.info();
        List<Double> latency = new ArrayList<>();
        List<Double> render = new ArrayList<>();
        List<Double> encode = new ArrayList<>();
        List<Double> other = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as a browser talks to it
        long start = 0;
        try (ViewServer server = ViewServer.start(scene, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> { })) {
            for (int i = 0; i < warmup + requests; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                URI uri = server.address().resolve("/frame?" + query(info, i));
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IOException("the viewer answered " + r.statusCode() + " to " + uri + ": "
                            + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                }
                if (i >= warmup) {
                    double rm = Double.parseDouble(r.headers().firstValue("X-Render-Ms").orElse("0"));
                    double em = Double.parseDouble(r.headers().firstValue("X-Encode-Ms").orElse("0"));
                    latency.add(ms);
                    render.add(rm);
                    encode.add(em);
                    other.add(ms - rm - em);
                }
                progress.accept(i + 1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = latency.stream().sorted().toList();
        return new Result(info.subject(), info.size(), warmup, requests, requests / seconds, percentile(sorted, 0.5),
                percentile(sorted, 0.95), sorted.get(sorted.size() - 1), Stats.of(render).median(), Stats.of(encode).median(),
                Stats.of(other).median(), ProcessInfo.rssMb(), ProcessInfo.cpuModel());
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
