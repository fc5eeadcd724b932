package dev.berth.registry.auth.federation;

import dev.berth.registry.watch.InvalidFileException;
import dev.berth.registry.watch.WatchedFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Where an issuer's signing keys come from: a file (read again when it changes) or the issuer's JWKS URL. */
public sealed interface JwksSource {

    /** The key with this id (or the only key, for a token without one), if the issuer has it now. */
    Optional<PublicKey> key(String kid);

    /** A key set in a file, as for a Kubernetes cluster's service-account issuer copied out of the cluster. */
    record File(WatchedFile<Jwks> file) implements JwksSource {

        public static File open(Path path) throws IOException, InvalidFileException {
            return new File(WatchedFile.open(path, Jwks::parse));
        }

        @Override
        public Optional<PublicKey> key(String kid) {
            return file.get().key(kid);
        }
    }

    /**
     * A key set fetched from the issuer, kept for {@link #KEEP}; a key id it lacks fetches it again (identity
     * providers rotate keys), at most once per {@link #REFETCH}, so that tokens with made-up key ids cannot make Berth
     * hammer the issuer. When the issuer cannot be reached the keys fetched last stay in use.
     */
    final class Url implements JwksSource {

        static final Duration KEEP = Duration.ofMinutes(10);
        static final Duration REFETCH = Duration.ofSeconds(30);
        private static final System.Logger LOG = System.getLogger(Url.class.getName());

        private final URI uri;
        private final HttpClient http;
        private final Clock clock;
        private volatile Jwks keys = new Jwks(java.util.Map.of());
        private volatile Instant fetched = Instant.MIN;

        public Url(URI uri, HttpClient http, Clock clock) {
            this.uri = uri;
            this.http = http;
            this.clock = clock;
        }

        @Override
        public Optional<PublicKey> key(String kid) {
            Instant now = clock.instant();
            if (now.isAfter(fetched.plus(KEEP))
                    || keys.key(kid).isEmpty() && now.isAfter(fetched.plus(REFETCH))) {
                fetch(now);
            }
            return keys.key(kid);
        }

        private synchronized void fetch(Instant now) {
            if (!now.isAfter(fetched.plus(REFETCH))) {
                return;
            }
            fetched = now;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("status " + response.statusCode());
                }
                keys = Jwks.parse(uri.toString(), response.body());
            } catch (IOException | InvalidFileException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot fetch the signing keys at " + uri + " (" + e.getMessage()
                        + "); the keys fetched before stay in use");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
