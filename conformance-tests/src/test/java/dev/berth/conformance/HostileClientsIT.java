package dev.berth.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients that are slow, or whose requests say one thing and send another, must not hurt anyone else's push. */
@ExtendWith(RegistryUnderTest.class)
class HostileClientsIT {

    private final String repository = RegistryApi.newRepository();

    @Test
    void seventyUploadsTricklingIn_doNotStallAnotherPush(RegistryApi api) throws Exception {
        List<Socket> tricklers = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) {
                URI upload = URI.create(api.startUpload(repository));
                Socket socket = new Socket(upload.getHost(), upload.getPort());
                tricklers.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(("PATCH " + upload.getRawPath() + " HTTP/1.1\r\nHost: " + upload.getAuthority()
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(RegistryApi.randomBytes(100));
                out.flush();
            }
            // Each upload takes its own session; eight blobs touch enough of the registry to meet any shared lock.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 8; i++) {
                    byte[] content = RegistryApi.randomBytes(10_000);
                    Digest digest = api.pushBlob(repository, content);
                    assertArrayEquals(content, api.get("/v2/" + repository + "/blobs/" + digest).body());
                }
            }, "a push completes while 70 other uploads trickle in");
        } finally {
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
    }

    @Test
    @DistributionDeviation("does not check Content-Range against a chunked body's length")
    void aChunkedBody_longerOrShorterThanItsContentRange_is416_andNotAcknowledged(RegistryApi api) {
        String location = api.startUpload(repository);
        for (int length : new int[] {150, 50}) {
            HttpResponse<byte[]> response = api.send(api.request(location)
                    .method("PATCH", chunked(RegistryApi.randomBytes(length)))
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", "0-99"));
            assertEquals(416, response.statusCode(), RegistryApi.text(response));
            assertTrue(RegistryApi.text(response).contains("Content-Range 0-99"), RegistryApi.text(response));
        }
        HttpResponse<byte[]> status = api.get(location);
        assertEquals("0-0", status.headers().firstValue("Range").orElseThrow());
        byte[] content = RegistryApi.randomBytes(100);
        HttpResponse<byte[]> exact = api.send(api.request(location).method("PATCH", chunked(content))
                .header("Content-Type", "application/octet-stream").header("Content-Range", "0-99"));
        assertEquals(202, exact.statusCode(), RegistryApi.text(exact));
        assertEquals("0-99", exact.headers().firstValue("Range").orElseThrow());
    }

    @Test
    void aBodyLeftUnreadByAnEarlyResponse_isNeverReadAsTheNextRequest(RegistryApi api) throws Exception {
        String manifest = "/v2/" + repository + "/manifests/latest";
        String unknownUpload = "/v2/" + repository + "/blobs/uploads/00000000-0000-0000-0000-000000000000";
        for (String[] request : new String[][] {
                {"PUT", manifest, String.valueOf(5 << 20), ""},
                {"PUT", manifest, String.valueOf(5 << 20), "Expect: 100-continue\r\n"},
                {"PATCH", unknownUpload, "200", "Expect: 100-continue\r\n"}}) {
            String exchange = RawExchange.send(api.base(), request[0] + " " + request[1] + " HTTP/1.1\r\nHost: "
                    + api.base().getAuthority() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + request[2] + "\r\n" + request[3] + "\r\n", smuggling(Integer.parseInt(request[2])));
            assertEquals(1, RawExchange.finalResponses(exchange),
                    String.join(" ", request) + " got one response, not one to the request in its body:\n"
                            + exchange);
        }
    }

    @Test
    @DistributionDeviation("refuses a manifest over its 4 MiB limit with 400 MANIFEST_INVALID rather than the 413 "
            + "the spec recommends")
    void aClientStillSendingWhenRefused_readsTheRefusalAfterwards(RegistryApi api) throws Exception {
        try (Socket socket = new Socket(api.base().getHost(), api.base().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v2/" + repository + "/manifests/latest HTTP/1.1\r\nHost: " + api.base().getAuthority()
                    + "\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: "
                    + (5 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // The refusal goes out as soon as the head declares 5 MiB; like many HTTP/1.1 clients, this one reads
            // only after sending its whole body, which takes a while.
            byte[] piece = new byte[64 * 1024];
            for (int sent = 0; sent < 5 << 20; sent += piece.length) {
                out.write(piece);
                Thread.sleep(5);
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
    }

    @Test
    void connectionClose_isHonoured(RegistryApi api) throws Exception {
        String exchange = RawExchange.send(api.base(), "GET /v2/ HTTP/1.1\r\nHost: " + api.base().getAuthority()
                + "\r\nConnection: close\r\n\r\n", new byte[0]);
        assertTrue(exchange.endsWith(RawExchange.CLOSED), "the registry closed the connection:\n" + exchange);
    }

    /** A body that starts with a whole request of its own, padded to the declared length. */
    private byte[] smuggling(int length) {
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) ' ');
        byte[] request = ("GET /v2/" + repository + "/tags/list HTTP/1.1\r\nHost: smuggled\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(request, 0, body, 0, request.length);
        return body;
    }

    /** A body the JDK client sends with Transfer-Encoding: chunked, as it knows no length for it. */
    private static HttpRequest.BodyPublisher chunked(byte[] content) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content));
    }
}
