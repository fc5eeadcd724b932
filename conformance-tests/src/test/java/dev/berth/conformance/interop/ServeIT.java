package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.digest.Digest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth serve} as an operator sees it: health endpoint, version header, clean stop on SIGTERM. */
class ServeIT {

    @TempDir
    Path work;

    @Test
    void health_answersOkWithTheApiVersionHeader() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"))) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(berth.url().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("ok"));
            assertEquals("registry/2.0",
                    health.headers().firstValue("Docker-Distribution-API-Version").orElseThrow());
        }
    }

    @Test
    void pathsThatAreNoEndpoint_answer404_andOtherMethods405_loggedWithoutATrace() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/nothing-here", "/favicon.ico", "/debug/vars", "/v2/../../etc/passwd",
                    "/v2/a/b/../../../x", "/v2/team/app/blobs/"}) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        java.net.URI.create(berth.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, response.statusCode(), path);
                assertTrue(response.body().startsWith("{\"errors\":[{\"code\":"), path + ": " + response.body());
            }
            HttpResponse<String> home = http.send(HttpRequest.newBuilder(berth.url().resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, home.statusCode(), "the address itself leads to the web UI");
            assertEquals("/ui/repositories", home.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> delete = http.send(HttpRequest.newBuilder(berth.url().resolve("/v2/")).DELETE()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, delete.statusCode());
            assertTrue(delete.body().contains("UNSUPPORTED"), delete.body());
            String log = berth.log();
            assertTrue(!log.contains("SEVERE") && !log.contains("\tat "), "no error and no trace was logged:\n"
                    + log);
        }
    }

    @Test
    void aPortInUse_isOneLineNamingTheAddressAndListen_andExitStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            BerthProcess.Exit exit = BerthProcess.refusing(work.resolve("serve.log"), "--listen", address,
                    "--data", work.resolve("data").toString());
            assertEquals(2, exit.code(), exit.output());
            assertOneLine(exit.output());
            assertTrue(exit.output().contains(address) && exit.output().contains("--listen"), exit.output());
        }
    }

    @Test
    void aDataDirectoryThatIsAFile_orCannotBeCreated_isOneLine_andExitStatus2() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-directory"), "x");
        for (String data : new String[] {file.toString(), "/proc/berth-cannot-be-here", file + "/below"}) {
            BerthProcess.Exit exit = BerthProcess.refusing(work.resolve("serve.log"), "--listen", "127.0.0.1:0",
                    "--data", data);
            assertEquals(2, exit.code(), exit.output());
            assertOneLine(exit.output());
            assertTrue(exit.output().contains(data) && exit.output().contains("--data"), exit.output());
        }
    }

    @Test
    void aDistributionConfigPassedByMistake_isOneLineWithAHint_andExitStatus2() throws Exception {
        Path config = Files.writeString(work.resolve("config.yml"), """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: /var/lib/registry
                http:
                  addr: 127.0.0.1:5000
                """);
        BerthProcess.Exit exit = BerthProcess.refusing(work.resolve("serve.log"), "--config", config.toString(),
                "--data", work.resolve("data").toString());
        assertEquals(2, exit.code(), exit.output());
        assertOneLine(exit.output());
        // The first key Berth does not know: storage.filesystem, on line 3 (storage is Berth's too).
        assertTrue(exit.output().contains(config + ":3") && exit.output().contains("Distribution"), exit.output());
    }

    @Test
    void twoHundredUploadsTricklingIn_fitInTheServersBoundedHeap_whileAnotherPushCompletes() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"))) {
            HttpClient http = HttpClient.newHttpClient();
            List<Socket> tricklers = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                            berth.url().resolve("/v2/slow/app/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    URI upload = berth.url().resolve(started.headers().firstValue("Location").orElseThrow());
                    Socket socket = new Socket(upload.getHost(), upload.getPort());
                    tricklers.add(socket);
                    socket.getOutputStream().write(("PATCH " + upload.getRawPath() + " HTTP/1.1\r\nHost: "
                            + upload.getAuthority() + "\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: 10485760\r\n\r\n" + "x".repeat(100)).getBytes(StandardCharsets.US_ASCII));
                }
                byte[] content = new byte[1024 * 1024];
                new Random().nextBytes(content);
                String digest = Digest.sha256(content).toString();
                HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(
                        berth.url().resolve("/v2/fast/app/blobs/uploads/?digest=" + digest))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, pushed.statusCode(), pushed.body());
                assertArrayEquals(content, http.send(HttpRequest.newBuilder(
                        berth.url().resolve("/v2/fast/app/blobs/" + digest)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body());
            } finally {
                for (Socket socket : tricklers) {
                    socket.close();
                }
            }
            assertFalse(berth.log().contains("OutOfMemoryError"), berth.log());
        }
    }

    @Test
    void aClientHangingUpHalfWayThroughAPull_isOneLogLineWithoutATrace_andTheNextPullIsWhole() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"))) {
            HttpClient http = HttpClient.newHttpClient();
            byte[] content = new byte[16 * 1024 * 1024];
            new Random().nextBytes(content);
            String digest = Digest.sha256(content).toString();
            assertEquals(201, http.send(HttpRequest.newBuilder(
                    berth.url().resolve("/v2/team/app/blobs/uploads/?digest=" + digest))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            try (Socket socket = new Socket(berth.url().getHost(), berth.url().getPort())) {
                socket.getOutputStream().write(("GET /v2/team/app/blobs/" + digest + " HTTP/1.1\r\nHost: "
                        + berth.address() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readNBytes(200_000);
                socket.setSoLinger(true, 0);   // hang up with a reset, the rest unread
            }
            Instant deadline = Instant.now().plusSeconds(30);
            while (!berth.log().contains("stopped sending blob " + digest) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }

            assertArrayEquals(content, http.send(HttpRequest.newBuilder(
                    berth.url().resolve("/v2/team/app/blobs/" + digest)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
            String log = berth.log();
            assertTrue(log.contains("stopped sending blob " + digest + " to 127.0.0.1"), log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), log);
        }
    }

    private static void assertOneLine(String output) {
        assertEquals(1, output.strip().lines().count(), "one line:\n" + output);
        assertTrue(output.startsWith("berth serve: "), output);
    }

    @Test
    void accessLog_asJson_hasEveryFieldAndTheRequestId_returnedAsAHeader() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"), "--log-format", "json")) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> given = http.send(HttpRequest.newBuilder(berth.url().resolve("/v2/"))
                    .header("User-Agent", "serve-it/1.0 (test)").header("X-Request-Id", "trace-42").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("trace-42", given.headers().firstValue("X-Request-Id").orElseThrow());
            HttpResponse<String> made = http.send(HttpRequest.newBuilder(berth.url().resolve("/v2/x/y/tags/list"))
                    .header("X-Request-Id", "not a valid id").build(), HttpResponse.BodyHandlers.ofString());
            String id = made.headers().firstValue("X-Request-Id").orElseThrow();
            assertTrue(id.matches("[0-9a-f]{16}"), id);

            // A request's access line is written once its response is out, so it may come a moment after.
            Instant deadline = Instant.now().plusSeconds(10);
            while (!berth.log().contains(id) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : berth.log().lines().filter(line -> line.startsWith("{")).toList()) {
                lines.add(json.readTree(line));
            }
            JsonNode first = lines.stream().filter(line -> "trace-42".equals(line.path("request_id").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no access line:\n" + lines));
            assertEquals("127.0.0.1", first.get("client").asText());
            assertEquals("GET", first.get("method").asText());
            assertEquals("/v2/", first.get("path").asText());
            assertEquals(200, first.get("status").asInt());
            assertEquals(given.body().length(), first.get("bytes").asLong());
            assertTrue(first.get("ms").isNumber());
            assertEquals("serve-it/1.0 (test)", first.get("agent").asText());
            assertTrue(lines.stream().anyMatch(line -> id.equals(line.path("request_id").asText())
                    && line.path("status").asInt() == 404), lines.toString());
            assertTrue(lines.stream().allMatch(line -> line.hasNonNull("time") && line.hasNonNull("level")),
                    lines.toString());
        }
    }

    @Test
    void logLevel_warn_leavesOutTheAccessLog_andABadLevelIsOneLine() throws Exception {
        try (BerthProcess berth = BerthProcess.start(work.resolve("data"), "--log-level", "warn")) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(berth.url().resolve("/v2/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertTrue(!berth.log().contains("request_id="), berth.log());
        }
        BerthProcess.Exit exit = BerthProcess.refusing(work.resolve("serve.log"), "--log-level", "loud",
                "--data", work.resolve("data").toString());
        assertEquals(2, exit.code(), exit.output());
        assertOneLine(exit.output());
    }

    @Test
    void sigterm_stopsTheServerCleanly() throws Exception {
        BerthProcess berth = BerthProcess.start(work.resolve("data"));
        int exit = berth.stop();
        assertTrue(exit == 0 || exit == 143, "exit code " + exit);
    }
}
