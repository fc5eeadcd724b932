package dev.berth.registry.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.auth.TestClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a registry with a webhook tells it of pushes, tag moves, deletions and collections. */
class RequestEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String manifest(TestClient client, String config) throws Exception {
        byte[] content = config.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        client.send(HttpRequest.newBuilder(client.url("/v2/team/app/blobs/uploads/?digest=" + digest))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), null);
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest + "\","
                + "\"size\":" + content.length + "},\"layers\":[]}";
    }

    private static void send(TestClient client, String method, String path, String body) throws Exception {
        client.send(HttpRequest.newBuilder(client.url(path)).header("Content-Type",
                "application/vnd.oci.image.manifest.v1+json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)), null);
    }

    @Test
    void pushesTagMovesDeletionsAndCollections_reachTheWebhook_inOrder() throws Exception {
        try (Receiver receiver = new Receiver(0)) {
            Endpoint hook = new Endpoint("hook", receiver.url(), EventFormat.named("cloudevents", "berth://test"),
                    Optional.empty(), Map.of(), List.of(), Set.of(), Duration.ofSeconds(5), 3, Duration.ofMillis(20));
            try (Registry registry = Registry.start("127.0.0.1", 0, DiskStorage.open(dir.resolve("data"),
                    Clock.systemUTC()), Clock.systemUTC(), Registry.Options.defaults().withWebhooks(
                    new WebhookSettings(List.of(hook), dir.resolve("dead.jsonl"))))) {
                TestClient client = new TestClient(registry::port);
                send(client, "PUT", "/v2/team/app/manifests/v1", manifest(client, "{\"one\":1}"));
                send(client, "PUT", "/v2/team/app/manifests/v1", manifest(client, "{\"two\":2}"));
                send(client, "DELETE", "/v2/team/app/manifests/v1", null);
                send(client, "POST", "/v2/_berth/gc", null);
                List<String> types = new java.util.ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    JsonNode event = JSON.readTree(receiver.next().body());
                    types.add(event.path("type").asText() + " " + event.path("subject").asText(""));
                }
                assertEquals(List.of("dev.berth.image.pushed team/app:v1", "dev.berth.image.pushed team/app:v1",
                        "dev.berth.tag.moved team/app:v1", "dev.berth.tag.deleted team/app:v1",
                        "dev.berth.gc.completed "), types);
            }
        }
    }
}
