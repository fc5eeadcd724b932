package dev.berth.registry.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Events as CloudEvents 1.0 in JSON's structured mode ({@code application/cloudevents+json}): {@code type}
 * {@code dev.berth.image.pushed}, {@code dev.berth.tag.moved}, {@code dev.berth.image.deleted},
 * {@code dev.berth.tag.deleted}, {@code dev.berth.image.expired} or {@code dev.berth.gc.completed}; {@code subject}
 * the repository with its tag or digest; the details in {@code data}.
 */
public record CloudEventsFormat(String source) implements EventFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String contentType() {
        return "application/cloudevents+json";
    }

    @Override
    public Optional<byte[]> body(RegistryEvent event) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("specversion", "1.0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("source", source);
        envelope.put("time", event.at().toString());
        envelope.put("datacontenttype", "application/json");
        ObjectNode data = JSON.createObjectNode();
        event.repository().ifPresent(repository -> data.put("repository", repository));
        data.put("actor", event.actor());
        switch (event) {
            case RegistryEvent.Pushed pushed -> {
                envelope.put("type", "dev.berth.image.pushed");
                envelope.put("subject", pushed.repo() + pushed.tag().map(tag -> ":" + tag)
                        .orElse("@" + pushed.digest()));
                data.put("digest", pushed.digest()).put("mediaType", pushed.mediaType()).put("size", pushed.size());
                pushed.tag().ifPresent(tag -> data.put("tag", tag));
            }
            case RegistryEvent.TagMoved moved -> {
                envelope.put("type", "dev.berth.tag.moved");
                envelope.put("subject", moved.repo() + ":" + moved.tag());
                data.put("tag", moved.tag()).put("from", moved.from()).put("to", moved.to());
            }
            case RegistryEvent.Deleted deleted -> {
                envelope.put("type", deleted.tag().isPresent() ? "dev.berth.tag.deleted" : "dev.berth.image.deleted");
                envelope.put("subject", deleted.repo() + deleted.tag().map(tag -> ":" + tag)
                        .orElse("@" + deleted.digest().orElse("")));
                deleted.digest().ifPresent(digest -> data.put("digest", digest));
                deleted.tag().ifPresent(tag -> data.put("tag", tag));
            }
            case RegistryEvent.Expired expired -> {
                envelope.put("type", "dev.berth.image.expired");
                envelope.put("subject", expired.repo() + "@" + expired.digest());
                data.put("digest", expired.digest()).put("reason", expired.reason());
                expired.tags().forEach(data.putArray("tags")::add);
            }
            case RegistryEvent.Collected collected -> {
                envelope.put("type", "dev.berth.gc.completed");
                data.put("manifests", collected.manifests()).put("blobs", collected.blobs())
                        .put("bytes", collected.bytes()).put("uploads", collected.uploads());
            }
        }
        envelope.set("data", data);
        try {
            return Optional.of(JSON.writeValueAsBytes(envelope));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
