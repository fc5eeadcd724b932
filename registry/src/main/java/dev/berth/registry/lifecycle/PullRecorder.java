package dev.berth.registry.lifecycle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * Records when manifests are pulled, for {@code sinceImagePulled} rules (and whoever looks): at most once an hour per
 * manifest and node, off the pull's own thread, as ECR records its last pull time at a coarse grain.
 */
public final class PullRecorder {

    private static final System.Logger LOG = System.getLogger(PullRecorder.class.getName());
    static final Duration GRAIN = Duration.ofHours(1);

    private record Pulled(RepositoryName repository, Digest digest) {
    }

    private final RepositoryStore repositories;
    private final Clock clock;
    private final Executor writer;
    private final Cache<Pulled, Instant> recorded = Caffeine.newBuilder().maximumSize(100_000).build();

    public PullRecorder(RepositoryStore repositories, Clock clock, Executor writer) {
        this.repositories = repositories;
        this.clock = clock;
        this.writer = writer;
    }

    /** Notes a pull of the manifest, writing it down unless this node did within the hour. */
    public void pulled(RepositoryName repository, Digest digest) {
        Instant now = clock.instant();
        Pulled pull = new Pulled(repository, digest);
        Instant last = recorded.getIfPresent(pull);
        if (last != null && last.isAfter(now.minus(GRAIN))) {
            return;
        }
        recorded.put(pull, now);
        writer.execute(() -> {
            try {
                repositories.recordPull(repository, digest, now);
            } catch (IOException | RuntimeException e) {
                recorded.invalidate(pull);
                LOG.log(System.Logger.Level.WARNING, "cannot record the pull of " + repository + "@" + digest
                        + ": " + e.getMessage());
            }
        });
    }
}
