package dev.berth.registry.gc;

import dev.berth.cache.gc.Condemnation;
import dev.berth.cache.gc.GcMarks;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A collection's side of the handshake with pushes ({@link PushFence}): post notices for some content, then read its
 * touches, and delete only what nothing touched since the cutoff, while the notices are still in force.
 */
public final class Notices {

    /** How long a notice is in force; a collector that has not finished with it by then leaves the content alone. */
    static final Duration LIFETIME = Duration.ofMinutes(2);
    /** The margin kept before a notice lapses, for clocks that differ between nodes. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final GcMarks marks;
    private final Clock clock;
    private final String sweep;

    public Notices(GcMarks marks, Clock clock, String sweep) {
        this.marks = marks;
        this.clock = clock;
        this.sweep = sweep;
    }

    /** Deletes content once it is known that nothing references it; returns whether it did. */
    public interface Deletion {
        void run() throws IOException;
    }

    /**
     * Posts notices for the digests, and runs the deletion if none of them was touched at or after the cutoff;
     * withdraws the notices either way.
     */
    public boolean deleteIfUntouched(Collection<Digest> guarded, Instant cutoff, Deletion deletion)
            throws IOException {
        Instant until = clock.instant().plus(LIFETIME);
        List<Condemnation> posted = new ArrayList<>();
        try {
            for (Digest digest : guarded) {
                Condemnation notice = new Condemnation(digest, until, sweep);
                marks.condemn(notice);
                posted.add(notice);
            }
            for (Digest digest : guarded) {
                if (touchedSince(digest, cutoff)) {
                    return false;
                }
            }
            if (!clock.instant().isBefore(until.minus(MARGIN))) {
                return false;   // too slow: a push may already take the notice for void
            }
            deletion.run();
            return true;
        } finally {
            for (Condemnation notice : posted) {
                marks.withdraw(notice);
            }
        }
    }

    /** Whether something touched the content at or after the cutoff. */
    public boolean touchedSince(Digest digest, Instant cutoff) throws IOException {
        Optional<Instant> touched = marks.touched(digest);
        return touched.isPresent() && !touched.get().isBefore(cutoff);
    }
}
