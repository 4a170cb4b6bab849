package org.tri2plane.render.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a value of a page in a running headless Chromium over its DevTools protocol (the JDK's WebSocket client). */
final class Devtools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Devtools() {}

    /**
     * Evaluates {@code expression} in the browser's page every half second until {@code done}
     * accepts its string value or {@code seconds} pass; returns the last value.
     */
    static String waitFor(Process chromium, String expression, Predicate<String> done, int seconds) throws Exception {
        int port = devtoolsPort(chromium);
        HttpClient http = HttpClient.newHttpClient();
        String last = "";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String socket = null;
        while (socket == null && System.nanoTime() < end) {
            JsonNode pages = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode page : pages) {
                if ("page".equals(page.path("type").asText()) && page.has("webSocketDebuggerUrl")) {
                    socket = page.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(200);
        }
        if (socket == null) {
            throw new AssertionError("no page in the browser's DevTools list");
        }
        int id = 0;
        while (System.nanoTime() < end) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(socket), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean lastPart) {
                    text.append(data);
                    if (lastPart) {
                        reply.complete(text.toString());
                    }
                    w.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            ws.sendText(JSON.writeValueAsString(java.util.Map.of("id", ++id, "method", "Runtime.evaluate", "params",
                    java.util.Map.of("expression", expression, "returnByValue", true))), true).get(10, TimeUnit.SECONDS);
            JsonNode r = JSON.readTree(reply.get(10, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            last = r.path("result").path("result").path("value").asText("");
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        return last;
    }

    /** The DevTools port Chromium prints ("DevTools listening on ws://127.0.0.1:PORT/..."). */
    private static int devtoolsPort(Process chromium) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(chromium.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException e) {
                        // the browser ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the browser did not open its DevTools port: " + seen);
    }
}
