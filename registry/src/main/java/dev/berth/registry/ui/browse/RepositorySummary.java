package dev.berth.registry.ui.browse;

import dev.berth.oci.reference.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/**
 * A repository at a glance.
 *
 * @param size     the bytes of its manifests and of every blob they use, each blob counted once
 * @param lastPush when its newest manifest was pushed
 * @param lastPull when any of its manifests was last recorded as pulled
 */
public record RepositorySummary(RepositoryName name, int tags, int manifests, long size, Optional<Instant> lastPush,
                                Optional<Instant> lastPull) {
}
