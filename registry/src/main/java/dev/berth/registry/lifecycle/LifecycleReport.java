package dev.berth.registry.lifecycle;

import java.time.Instant;
import java.util.List;

/** What a run of the lifecycle policies expired, or in a dry run or preview would have. */
public record LifecycleReport(Instant started, Instant finished, boolean dryRun, List<Expired> expired) {

    public LifecycleReport {
        expired = List.copyOf(expired);
    }

    /** An image expired: the manifest, the tags it had, and the rule that expired it. */
    public record Expired(String repository, String digest, List<String> tags, String reason) {
    }
}
