package dev.berth.registry.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.auth.RepositoryPattern;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook deliveries to a real HTTP receiver: formats, signatures, filters, retries and the dead-letter log. */
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "hook secret".getBytes(StandardCharsets.UTF_8);
    private static final RegistryEvent.Pushed PUSHED = new RegistryEvent.Pushed(Instant.parse(
            "2026-11-29T12:00:00Z"), "user:alice", "team/app", "sha256:" + "a".repeat(64),
            "application/vnd.oci.image.manifest.v1+json", 512, Optional.of("v1"), Optional.of(
            new RegistryEvent.Request("r1", "10.0.0.1", "registry.example", "PUT", "docker/27")));

    @TempDir
    Path dir;

    private Endpoint endpoint(Receiver receiver, String format, List<String> repositories, Set<String> kinds,
                              int attempts) {
        return new Endpoint("hook", receiver.url(), EventFormat.named(format, "berth://test"), Optional.of(SECRET),
                Map.of("Authorization", "Bearer receiver-token"),
                repositories.stream().map(RepositoryPattern::of).toList(), kinds, Duration.ofSeconds(5), attempts,
                Duration.ofMillis(20));
    }

    @Test
    void aPush_isDeliveredAsACloudEvent_signedWithTheSecret() throws Exception {
        try (Receiver receiver = new Receiver(0);
             Webhooks webhooks = new Webhooks(List.of(endpoint(receiver, "cloudevents", List.of(), Set.of(), 3)),
                     dir.resolve("dead.jsonl"), Clock.systemUTC())) {
            webhooks.publish(PUSHED);
            Receiver.Received received = receiver.next();
            assertNotNull(received);
            assertEquals("application/cloudevents+json", received.header("Content-Type"));
            assertEquals("Bearer receiver-token", received.header("Authorization"));
            assertEquals("sha256=" + Webhooks.signature(SECRET, received.body().getBytes(StandardCharsets.UTF_8)),
                    received.header("X-Berth-Signature-256"));
            JsonNode event = JSON.readTree(received.body());
            assertEquals("1.0", event.path("specversion").asText());
            assertEquals("dev.berth.image.pushed", event.path("type").asText());
            assertEquals("team/app:v1", event.path("subject").asText());
            assertEquals("user:alice", event.path("data").path("actor").asText());
            assertEquals(512, event.path("data").path("size").asInt());
        }
    }

    @Test
    void distributionsFormat_isTheNotificationEnvelopeItsReceiversRead() throws Exception {
        try (Receiver receiver = new Receiver(0);
             Webhooks webhooks = new Webhooks(List.of(endpoint(receiver, "distribution", List.of(), Set.of(), 3)),
                     dir.resolve("dead.jsonl"), Clock.systemUTC())) {
            webhooks.publish(PUSHED);
            Receiver.Received received = receiver.next();
            assertEquals("application/vnd.docker.distribution.events.v1+json", received.header("Content-Type"));
            JsonNode event = JSON.readTree(received.body()).path("events").get(0);
            assertEquals("push", event.path("action").asText());
            assertEquals("team/app", event.path("target").path("repository").asText());
            assertEquals("v1", event.path("target").path("tag").asText());
            assertEquals(PUSHED.digest(), event.path("target").path("digest").asText());
            assertEquals("user:alice", event.path("actor").path("name").asText());
            assertEquals("docker/27", event.path("request").path("useragent").asText());
        }
    }

    @Test
    void filters_keepOtherRepositoriesAndKinds_away() throws Exception {
        try (Receiver receiver = new Receiver(0);
             Webhooks webhooks = new Webhooks(List.of(endpoint(receiver, "cloudevents", List.of("other/**"),
                     Set.of("delete"), 3)), dir.resolve("dead.jsonl"), Clock.systemUTC())) {
            webhooks.publish(PUSHED);
            webhooks.publish(new RegistryEvent.Deleted(Instant.now(), "user:bob", "team/app", Optional.empty(),
                    Optional.of("v1"), Optional.empty()));
            webhooks.publish(new RegistryEvent.Deleted(Instant.now(), "user:bob", "other/app", Optional.empty(),
                    Optional.of("v2"), Optional.empty()));
            JsonNode event = JSON.readTree(receiver.next().body());
            assertEquals("other/app:v2", event.path("subject").asText(), "only other/** deletions arrive");
        }
    }

    @Test
    void aReceiverThatFailsAtFirst_getsTheEventOnARetry() throws Exception {
        try (Receiver receiver = new Receiver(2);
             Webhooks webhooks = new Webhooks(List.of(endpoint(receiver, "cloudevents", List.of(), Set.of(), 3)),
                     dir.resolve("dead.jsonl"), Clock.systemUTC())) {
            webhooks.publish(PUSHED);
            assertNotNull(receiver.next(), "the third attempt succeeds");
            assertTrue(Files.notExists(dir.resolve("dead.jsonl")));
        }
    }

    @Test
    void anEventNoAttemptDelivers_isKeptInTheDeadLetterLog_withItsBody() throws Exception {
        Path deadLetter = dir.resolve("dead.jsonl");
        try (Receiver receiver = new Receiver(Integer.MAX_VALUE);
             Webhooks webhooks = new Webhooks(List.of(endpoint(receiver, "cloudevents", List.of(), Set.of(), 3)),
                     deadLetter, Clock.systemUTC())) {
            webhooks.publish(PUSHED);
            for (int i = 0; i < 200 && Files.notExists(deadLetter); i++) {
                Thread.sleep(50);
            }
            assertNull(receiver.next(), "nothing was accepted");
        }
        JsonNode line = JSON.readTree(Files.readAllLines(deadLetter).getFirst());
        assertEquals("hook", line.path("endpoint").asText());
        assertEquals(3, line.path("attempts").asInt());
        assertEquals("the receiver answered 503", line.path("error").asText());
        assertEquals("dev.berth.image.pushed", JSON.readTree(line.path("body").asText()).path("type").asText());
    }
}
