package dev.berth.registry.gc;

import java.time.Duration;
import java.util.Optional;

/**
 * How garbage collection runs.
 *
 * @param grace          content referenced, uploaded or pushed more recently than this is never reclaimed: a push
 *                       that uploads its layers and then its manifest within the window cannot lose them (Zot and
 *                       Harbor use one to two hours; zero is for tests)
 * @param pushDeadline   the longest a manifest push may take between announcing what it references and recording the
 *                       manifest; a slower one is refused (it can be retried). Content is reclaimed only once
 *                       unreferenced for {@code grace + pushDeadline}
 * @param deleteUntagged whether manifests no tag reaches (through an index or as a referrer) are reclaimed too, as
 *                       Distribution's {@code --delete-untagged}; orphaned signatures are reclaimed either way
 * @param every          how often the registry collects by itself; empty for only when asked
 */
public record GcSettings(Duration grace, Duration pushDeadline, boolean deleteUntagged, Optional<Duration> every) {

    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_PUSH_DEADLINE = Duration.ofMinutes(1);

    public GcSettings {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace window cannot be negative (" + grace + ")");
        }
        if (pushDeadline.isNegative() || pushDeadline.isZero()) {
            throw new IllegalArgumentException("the push deadline must be positive, not " + pushDeadline);
        }
        if (every.isPresent() && (every.get().isNegative() || every.get().isZero())) {
            throw new IllegalArgumentException("a collection schedule must be a positive interval, not "
                    + every.get());
        }
    }

    /** An hour's grace, a minute's push deadline, untagged manifests kept, no schedule. */
    public static GcSettings defaults() {
        return new GcSettings(DEFAULT_GRACE, DEFAULT_PUSH_DEADLINE, false, Optional.empty());
    }

    /** How long content must have gone unreferenced before it is reclaimed. */
    public Duration window() {
        return grace.plus(pushDeadline);
    }
}
