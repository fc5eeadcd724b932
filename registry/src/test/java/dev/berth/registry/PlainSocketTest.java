package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.registry.http.PlainSocket;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Blob pulls reach the socket under the web server through two of Helidon's private fields; this fails when an
 * upgrade of Helidon, or a change to the server's settings, takes that fast path away.
 */
class PlainSocketTest {

    @Test
    void aPlainHttpRequest_onTheRegistrysServer_hasASocketChannelToSendFilesInto() throws Exception {
        WebServer server = Registry.server("127.0.0.1", 0)
                .routing(routing -> routing.get("/", (request, response) ->
                        response.send(PlainSocket.channel(request).map(channel -> "channel").orElse("none"))))
                .build()
                .start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("channel", answer.body());
        } finally {
            server.stop();
        }
    }
}
