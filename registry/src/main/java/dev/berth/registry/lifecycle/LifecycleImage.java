package dev.berth.registry.lifecycle;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An image as a lifecycle policy sees it: a manifest of the repository, its tags, when pushed and last pulled. */
public record LifecycleImage(Digest digest, List<Tag> tags, Instant pushedAt, Optional<Instant> lastPulled) {

    public LifecycleImage {
        tags = List.copyOf(tags);
    }
}
