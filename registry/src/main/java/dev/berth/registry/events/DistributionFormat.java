package dev.berth.registry.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Events as CNCF Distribution's notifications ({@code application/vnd.docker.distribution.events.v1+json}, an
 * envelope of {@code events}), so receivers written for Distribution keep working: pushes (a moved tag is a push
 * under that tag) and deletions (an expired image is a deletion) of manifests; garbage collection has no such event.
 */
public record DistributionFormat(String source) implements EventFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String contentType() {
        return "application/vnd.docker.distribution.events.v1+json";
    }

    @Override
    public Optional<byte[]> body(RegistryEvent event) {
        ObjectNode notification = JSON.createObjectNode();
        notification.put("id", UUID.randomUUID().toString());
        notification.put("timestamp", event.at().toString());
        ObjectNode target = JSON.createObjectNode();
        event.repository().ifPresent(repository -> target.put("repository", repository));
        Optional<RegistryEvent.Request> request = Optional.empty();
        switch (event) {
            case RegistryEvent.Pushed pushed -> {
                notification.put("action", "push");
                target.put("mediaType", pushed.mediaType()).put("size", pushed.size()).put("length", pushed.size())
                        .put("digest", pushed.digest());
                pushed.tag().ifPresent(tag -> target.put("tag", tag));
                request = pushed.request();
            }
            case RegistryEvent.TagMoved moved -> {
                notification.put("action", "push");
                target.put("digest", moved.to()).put("tag", moved.tag());
                request = moved.request();
            }
            case RegistryEvent.Deleted deleted -> {
                notification.put("action", "delete");
                deleted.digest().ifPresent(digest -> target.put("digest", digest));
                deleted.tag().ifPresent(tag -> target.put("tag", tag));
                request = deleted.request();
            }
            case RegistryEvent.Expired expired -> {
                notification.put("action", "delete");
                target.put("digest", expired.digest());
            }
            case RegistryEvent.Collected collected -> {
                return Optional.empty();
            }
        }
        notification.set("target", target);
        request.ifPresent(made -> notification.putObject("request").put("id", made.id())
                .put("addr", made.address()).put("host", made.host()).put("method", made.method())
                .put("useragent", made.userAgent()));
        notification.putObject("actor").put("name", event.actor());
        notification.putObject("source").put("addr", source);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.putArray("events").add(notification);
        try {
            return Optional.of(JSON.writeValueAsBytes(envelope));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
