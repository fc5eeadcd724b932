package dev.berth.registry.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Something that happened in the registry that webhooks are told of. Every event says when, and who did it
 * ({@code actor}: a user, robot, {@code anonymous}, or {@code registry} for its own maintenance).
 */
public sealed interface RegistryEvent {

    Instant at();

    String actor();

    /** The repository the event is about; empty for registry-wide ones (garbage collection). */
    Optional<String> repository();

    /** The short name filters use: {@code push}, {@code tag}, {@code delete}, {@code expire} or {@code gc}. */
    String kind();

    /** The request that caused an event, as Distribution's notifications describe it. */
    record Request(String id, String address, String host, String method, String userAgent) {
    }

    /** A manifest pushed, under a tag or by digest. */
    record Pushed(Instant at, String actor, String repo, String digest, String mediaType, long size,
                  Optional<String> tag, Optional<Request> request) implements RegistryEvent {
        public Optional<String> repository() {
            return Optional.of(repo);
        }

        public String kind() {
            return "push";
        }
    }

    /** A tag pushed again to another manifest. */
    record TagMoved(Instant at, String actor, String repo, String tag, String from, String to,
                    Optional<Request> request) implements RegistryEvent {
        public Optional<String> repository() {
            return Optional.of(repo);
        }

        public String kind() {
            return "tag";
        }
    }

    /** A manifest deleted by digest (with its tags), or a tag deleted ({@code tag} present). */
    record Deleted(Instant at, String actor, String repo, Optional<String> digest, Optional<String> tag,
                   Optional<Request> request) implements RegistryEvent {
        public Optional<String> repository() {
            return Optional.of(repo);
        }

        public String kind() {
            return "delete";
        }
    }

    /** An image a lifecycle policy expired. */
    record Expired(Instant at, String actor, String repo, String digest, List<String> tags, String reason)
            implements RegistryEvent {
        public Expired {
            tags = List.copyOf(tags);
        }

        public Optional<String> repository() {
            return Optional.of(repo);
        }

        public String kind() {
            return "expire";
        }
    }

    /** A garbage collection finished. */
    record Collected(Instant at, String actor, long manifests, long blobs, long bytes, int uploads)
            implements RegistryEvent {
        public Optional<String> repository() {
            return Optional.empty();
        }

        public String kind() {
            return "gc";
        }
    }
}
