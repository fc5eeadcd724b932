package dev.berth.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Debian's Chromium, headless, driven through the Chrome DevTools protocol over its WebSocket: one tab that opens
 * pages, reads and fills them, clicks, and takes screenshots; and everything the browser logged as an error (a
 * refused script or style, a violation of the Content-Security-Policy) for the tests to check.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final int WIDTH = 1280;
    static final int HEIGHT = 900;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Void>> loaded = new AtomicReference<>(new CompletableFuture<>());
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium with a fresh profile under {@code profile}, and opens a tab to drive. */
    static Chromium launch(Path profile) throws Exception {
        Files.createDirectories(profile);
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path active = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(active) || Files.readAllLines(active).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new AssertionError("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(active).getFirst().strip());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> tab = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/new?about:blank")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String address = JSON.readTree(tab.body()).get("webSocketDebuggerUrl").asText();
        Listener listener = new Listener();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(address), listener).get(20, TimeUnit.SECONDS);
        Chromium chromium = new Chromium(process, socket);
        listener.chromium = chromium;
        chromium.call("Page.enable", Map.of());
        chromium.call("Runtime.enable", Map.of());
        chromium.call("Log.enable", Map.of());
        chromium.call("Emulation.setDeviceMetricsOverride", Map.of("width", WIDTH, "height", HEIGHT,
                "deviceScaleFactor", 1, "mobile", false));
        return chromium;
    }

    /** Opens the page and waits until it has loaded. */
    void open(String url) throws Exception {
        CompletableFuture<Void> load = expectLoad();
        JsonNode navigated = call("Page.navigate", Map.of("url", url));
        if (navigated.has("errorText")) {
            throw new AssertionError("Chromium could not open " + url + ": " + navigated.get("errorText").asText());
        }
        load.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Clicks the element, as a user would (a link is followed, a form sent), and waits for the next page. */
    void clickAndWait(String selector) throws Exception {
        CompletableFuture<Void> load = expectLoad();
        evaluate("(() => { const e = document.querySelector(" + quote(selector) + "); if (!e) throw new Error("
                + quote("nothing matches " + selector) + "); e.click(); return true; })()");
        load.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Types a value into a form field. */
    void fill(String selector, String value) throws Exception {
        evaluate("(() => { const e = document.querySelector(" + quote(selector) + "); if (!e) throw new Error("
                + quote("nothing matches " + selector) + "); e.value = " + quote(value) + "; return true; })()");
    }

    /** The page's text, as a user reads it. */
    String text() throws Exception {
        return evaluate("document.body.innerText").asText();
    }

    /** The text of the first element the selector matches, or null. */
    String textOf(String selector) throws Exception {
        JsonNode text = evaluate("document.querySelector(" + quote(selector) + ")?.innerText ?? null");
        return text.isNull() ? null : text.asText();
    }

    boolean exists(String selector) throws Exception {
        return evaluate("document.querySelector(" + quote(selector) + ") !== null").asBoolean();
    }

    String url() throws Exception {
        return evaluate("location.href").asText();
    }

    /** The centre of the first element the selector matches, in the screenshot's pixels. */
    int[] centreOf(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const r = document.querySelector(" + quote(selector)
                + ").getBoundingClientRect(); return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]; })()");
        return new int[] {box.get(0).asInt(), box.get(1).asInt()};
    }

    /** A point just inside the left edge of the first element the selector matches, halfway down. */
    int[] leftEdgeOf(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const r = document.querySelector(" + quote(selector)
                + ").getBoundingClientRect(); return [Math.round(r.x + 3), Math.round(r.y + r.height / 2)]; })()");
        return new int[] {box.get(0).asInt(), box.get(1).asInt()};
    }

    /** The computed value of a CSS property of the first element the selector matches. */
    String style(String selector, String property) throws Exception {
        return evaluate("getComputedStyle(document.querySelector(" + quote(selector) + "))." + property).asText();
    }

    /** Saves a screenshot of the viewport as PNG. */
    Path screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        return file;
    }

    /**
     * Everything the browser logged as an error since it started, as {@code source: text (url)}: refused resources
     * ({@code security:} for the Content-Security-Policy), failed loads ({@code network:}), script errors.
     */
    List<String> errors() {
        return List.copyOf(errors);
    }

    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    private CompletableFuture<Void> expectLoad() {
        CompletableFuture<Void> load = new CompletableFuture<>();
        loaded.set(load);
        return load;
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        switch (message.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.get().complete(null);
            case "Log.entryAdded" -> {
                JsonNode entry = message.path("params").path("entry");
                if (entry.path("level").asText().equals("error")) {
                    errors.add(entry.path("source").asText() + ": " + entry.path("text").asText()
                            + (entry.has("url") ? " (" + entry.path("url").asText() + ")" : ""));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("script: " + message.path("params")
                    .path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if (message.path("params").path("type").asText().equals("error")) {
                    errors.add("console: " + message.path("params").path("args"));
                }
            }
            default -> { }
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Reassembles the protocol's messages, which may arrive in parts, and hands each to the browser. */
    private static final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private volatile Chromium chromium;
        private final List<JsonNode> early = new ArrayList<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (chromium == null) {
                        early.add(message);
                    } else {
                        early.forEach(chromium::received);
                        early.clear();
                        chromium.received(message);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("Chromium sent what is not JSON: " + e.getMessage(), e);
                } finally {
                    partial.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
