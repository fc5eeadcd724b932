package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.settings.SettingsStore;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When each principal last logged out of the web UI, kept in the registry's settings so that every node sharing the
 * storage ends their sessions: a logout ends every session the principal started before it (to the second; a
 * session started in the second of a logout lives on). Each node remembers what it read for {@link #REMEMBERED}, so
 * a logout on another node takes up to that long to reach it; on this node it takes effect at once.
 */
public final class SessionLogouts {

    /** How long a node trusts what it last read. */
    public static final Duration REMEMBERED = Duration.ofSeconds(10);
    private static final String FOLDER = "sessions/logout/";

    private final SettingsStore settings;
    private final Clock clock;
    private final Cache<String, Optional<Instant>> read = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(REMEMBERED).build();

    public SessionLogouts(SettingsStore settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Records that the principal logged out now. */
    public void loggedOut(String identity) throws IOException {
        Instant now = clock.instant();
        settings.write(name(identity), Long.toString(now.getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
        read.put(identity, Optional.of(now));
    }

    /** Whether the principal logged out in a later second than {@code issued}. */
    public boolean loggedOutAfter(String identity, Instant issued) throws IOException {
        Optional<Instant> last = read.getIfPresent(identity);
        if (last == null) {
            last = settings.read(name(identity)).map(bytes -> Instant.ofEpochSecond(Long.parseLong(
                    new String(bytes, StandardCharsets.US_ASCII).strip())));
            read.put(identity, last);
        }
        return last.isPresent() && last.get().getEpochSecond() > issued.getEpochSecond();
    }

    /** A settings name for the identity, which may hold characters no settings name can. */
    private static String name(String identity) {
        return FOLDER + Digest.sha256(identity.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
