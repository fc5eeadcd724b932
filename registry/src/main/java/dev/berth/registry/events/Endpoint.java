package dev.berth.registry.events;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.RepositoryPattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook receiver and what it is sent.
 *
 * @param secret       the HMAC-SHA256 key bodies are signed with ({@code X-Berth-Signature-256: sha256=<hex>})
 * @param headers      extra request headers, such as a receiver's own Authorization
 * @param repositories the repositories whose events it gets; empty for all (registry-wide events always pass)
 * @param kinds        the kinds of events it gets ({@link RegistryEvent#kind()}); empty for all
 * @param attempts     how many times a delivery is tried before it goes to the dead-letter log
 * @param backoff      the wait after the first failed attempt, doubled after each (at most a minute)
 */
public record Endpoint(String name, URI url, EventFormat format, Optional<byte[]> secret, Map<String, String> headers,
                       List<RepositoryPattern> repositories, Set<String> kinds, Duration timeout, int attempts,
                       Duration backoff) {

    public static final Set<String> KINDS = Set.of("push", "tag", "delete", "expire", "gc");

    public Endpoint {
        headers = Map.copyOf(headers);
        repositories = List.copyOf(repositories);
        kinds = Set.copyOf(kinds);
        if (!url.getScheme().equals("http") && !url.getScheme().equals("https")) {
            throw new IllegalArgumentException("webhook " + name + ": " + url + " is not an http(s) URL");
        }
        if (!KINDS.containsAll(kinds)) {
            throw new IllegalArgumentException("webhook " + name + ": event kinds are " + KINDS + ", not " + kinds);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("webhook " + name + ": attempts must be 1 or more");
        }
    }

    /** Whether the receiver wants the event. */
    boolean wants(RegistryEvent event) {
        return (kinds.isEmpty() || kinds.contains(event.kind()))
                && (repositories.isEmpty() || event.repository().isEmpty() || repositories.stream()
                .anyMatch(pattern -> pattern.matches(RepositoryName.of(event.repository().get()))));
    }
}
