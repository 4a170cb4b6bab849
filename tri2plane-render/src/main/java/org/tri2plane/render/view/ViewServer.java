package org.tri2plane.render.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.tri2plane.core.image.RgbImage;

/**
 * The viewer's local web server (the JDK's HTTP server): the page ({@code GET /}), the scene's
 * controls ({@code GET /info}), pictures ({@code GET /frame?…}, PNG) and live drive ({@code POST
 * /drive} of a camera picture; {@code GET /drive} says whether it is on). Safe by default: it binds
 * the loopback interface unless told otherwise; a request whose Host or Origin is not the served
 * address is refused (DNS rebinding); no request names a file; only GET and HEAD are served, and
 * POST of a bounded picture to /drive; malformed queries and uploads get an error for that request
 * and the server keeps serving. The newest picture request wins: one that is still waiting when a
 * newer one arrives is answered 409 and never rendered, so the view never lags behind.
 */
public final class ViewServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "viewer.html";
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    /** The largest picture upload of the live drive, bytes. */
    public static final int MAX_UPLOAD_BYTES = 2 << 20;
    /** The largest picture side the live drive accepts, pixels. */
    public static final int MAX_PICTURE_SIDE = 1920;

    private final ViewScene scene;
    private final LiveDrive live;
    private final String liveMissing;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Set<String> hosts = new LinkedHashSet<>();
    private final AtomicLong latest = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock renderLock = new ReentrantLock();
    private final Consumer<String> log;
    private final byte[] page;

    private ViewServer(ViewScene scene, LiveDrive live, String liveMissing, HttpServer server, ExecutorService executor,
            Consumer<String> log) throws IOException {
        this.scene = scene;
        this.live = live;
        this.liveMissing = liveMissing;
        this.server = server;
        this.executor = executor;
        this.log = log;
        try (InputStream in = ViewServer.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException("the viewer page " + PAGE + " is missing from the jar");
            }
            this.page = in.readAllBytes();
        }
        int port = server.getAddress().getPort();
        InetAddress bound = server.getAddress().getAddress();
        if (bound.isLoopbackAddress() || bound.isAnyLocalAddress()) {
            hosts.add("127.0.0.1:" + port);
            hosts.add("localhost:" + port);
            hosts.add("[::1]:" + port);
        }
        if (!bound.isAnyLocalAddress()) {
            hosts.add(hostLiteral(bound) + ":" + port);
        }
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving {@code scene} at {@code bind} (port 0: any free port) with a few request
     * threads, without live drive; {@code log} hears about failed requests.
     */
    public static ViewServer start(ViewScene scene, InetSocketAddress bind, Consumer<String> log) throws IOException {
        return start(scene, null, "the viewer was started without the face tracker", bind, log);
    }

    /**
     * As {@link #start(ViewScene, InetSocketAddress, Consumer)}, with live drive by {@code live}
     * ({@code POST /drive}); when it is null, {@code liveMissing} says why.
     */
    public static ViewServer start(ViewScene scene, LiveDrive live, String liveMissing, InetSocketAddress bind, Consumer<String> log)
            throws IOException {
        // The JDK's server leaves Nagle's algorithm on unless told otherwise (read once, when it is first used): with the
        // client's delayed acknowledgements every answer then waited about 40 ms on this machine's loopback
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HttpServer server = HttpServer.create(bind, 16);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "tri2plane-view");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ViewServer view = new ViewServer(scene, live, liveMissing, server, executor, log);
        server.start();
        return view;
    }

    /** The address to open in a browser. */
    public URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : hostLiteral(a.getAddress());
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** Stops accepting requests, lets running ones finish for up to a second, and stops the threads; once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostLiteral(InetAddress a) {
        String h = a.getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String problem = refusal(ex);
            if (problem != null) {
                error(ex, 403, problem);
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/drive") && method.equals("POST")) {
                drive(ex);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", path.equals("/drive") ? "GET, HEAD, POST" : "GET, HEAD");
                error(ex, 405, "only GET and HEAD are served here (and POST of a picture to /drive)");
                return;
            }
            switch (path) {
                case "/drive" -> send(ex, 200, "application/json", JSON.writeValueAsBytes(Map.of("available", live != null,
                        "message", live != null ? "send camera pictures with POST /drive" : liveMissing)));
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page);
                case "/info" -> send(ex, 200, "application/json", JSON.writeValueAsBytes(scene.info()));
                case "/frame" -> frame(ex);
                default -> error(ex, 404, "nothing is served at this path (the viewer serves /, /info and /frame)");
            }
        } catch (IOException e) {
            log.accept("view: a request ended early (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            log.accept("view: a request failed: " + e);
        }
    }

    /** Why a request is refused (Host or Origin not the served address), or null. */
    private String refusal(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return "Host '" + clip(host) + "' is not the address this viewer serves (" + String.join(", ", hosts) + ")";
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && hosts.stream().noneMatch(h -> origin.equalsIgnoreCase("http://" + h))) {
            return "requests from the page of another site (Origin '" + clip(origin) + "') are refused";
        }
        return null;
    }

    private void frame(HttpExchange ex) throws IOException {
        ViewQuery q;
        try {
            q = ViewQuery.parse(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            error(ex, 400, e.getMessage());
            return;
        }
        newest(ex, () -> {
            try {
                return scene.render(q);
            } catch (IllegalArgumentException e) {
                error(ex, 400, e.getMessage());
                return null;
            }
        });
    }

    /** What a picture request makes under the render lock: the picture, or null once it answered the request itself. */
    private interface Picture {
        RgbImage make() throws IOException;
    }

    /**
     * Answers with the PNG of {@code work}'s picture, made under the render lock unless a newer
     * picture request arrived meanwhile (then 409, nothing made): the newest request wins. Times
     * the picture (X-Render-Ms, unless {@code work} split it itself) and its encoding (X-Encode-Ms).
     */
    private void newest(HttpExchange ex, Picture work) throws IOException {
        long mine = latest.incrementAndGet();
        renderLock.lock();
        try {
            if (mine != latest.get()) {
                error(ex, 409, "superseded by a newer request");
                return;
            }
            long t0 = System.nanoTime();
            RgbImage img = work.make();
            if (img == null) {
                return;
            }
            long t1 = System.nanoTime();
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img.toBufferedImage(), "png", png);
            long t2 = System.nanoTime();
            if (!ex.getResponseHeaders().containsKey("X-Render-Ms")) {
                ex.getResponseHeaders().set("X-Render-Ms", millis(t1 - t0));
            }
            ex.getResponseHeaders().set("X-Encode-Ms", millis(t2 - t1));
            send(ex, 200, "image/png", png.toByteArray());
        } finally {
            renderLock.unlock();
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /**
     * Live drive: a picture (PNG or JPEG, at most {@link #MAX_UPLOAD_BYTES} and
     * {@link #MAX_PICTURE_SIDE} px a side) in, the avatar following the person in it out; while the
     * neutral reference is collected, the avatar's default view. {@code ?reset=1} starts a new
     * neutral reference. Newest request wins, as for pictures.
     */
    private void drive(HttpExchange ex) throws IOException {
        if (live == null) {
            error(ex, 503, "live drive is off: " + liveMissing);
            return;
        }
        BufferedImage decoded = upload(ex);
        if (decoded == null) {
            return;
        }
        if ("reset=1".equals(ex.getRequestURI().getRawQuery())) {
            live.reset();
        }
        newest(ex, () -> {
            long t0 = System.nanoTime();
            LiveDrive.Step step = live.drive(RgbImage.of(decoded));
            long t1 = System.nanoTime();
            if (!step.faceFound()) {
                error(ex, 422, "no face found in the picture");
                return null;
            }
            RgbImage img = step.ready() ? scene.render(step.pose(), step.beta()) : scene.render(ViewQuery.parse(""));
            ex.getResponseHeaders().set("X-Track-Ms", millis(t1 - t0));
            ex.getResponseHeaders().set("X-Render-Ms", millis(System.nanoTime() - t1));
            ex.getResponseHeaders().set("X-Neutral", step.neutralFrames() + "/" + LiveDrive.NEUTRAL_FRAMES);
            if (step.ready()) { // the person's mouth opening and the one the avatar is asked for
                ex.getResponseHeaders().set("X-Mouth", String.format(Locale.ROOT, "%.4f %.4f", step.personMouth(), step.avatarMouth()));
            }
            return img;
        });
    }

    /** The uploaded picture, or null once the request is answered with what is wrong with it. */
    private static BufferedImage upload(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long bytes;
        try {
            bytes = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < 0) {
            error(ex, 411, "a picture upload needs a Content-Length");
            return null;
        }
        if (bytes > MAX_UPLOAD_BYTES) {
            error(ex, 413, "a picture of " + bytes + " bytes is larger than the " + MAX_UPLOAD_BYTES + " accepted");
            return null;
        }
        byte[] body = ex.getRequestBody().readNBytes((int) bytes);
        if (body.length != bytes) {
            error(ex, 400, "the picture ended after " + body.length + " of " + bytes + " bytes");
            return null;
        }
        // the size is read from the header before any pixel is decoded: a small file may claim a huge picture
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(body))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                error(ex, 400, "the upload is not a PNG or JPEG picture");
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_PICTURE_SIDE || h > MAX_PICTURE_SIDE) {
                    error(ex, 413, "a picture of " + w + " x " + h + " is larger than " + MAX_PICTURE_SIDE + " px a side");
                    return null;
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            error(ex, 400, "the upload is not a readable PNG or JPEG picture");
            return null;
        }
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(Map.of("error", message)));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }
}
