package dev.berth.registry.gc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.gc.Condemnation;
import dev.berth.cache.gc.GcMarks;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.http.RegistryException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a push does before it references content, so that a garbage collection running at the same time (on this node
 * or another) cannot delete that content. The push writes a touch for each digest and then reads the collections'
 * notices; a collection posts its notice and then reads the touch: whichever comes second sees the other. A push that
 * finds a notice waits until it is withdrawn, then checks again that the content is there.
 *
 * <p>Content touched within the grace window needs no new touch (a collection spares it anyway), which keeps most
 * pushes to one listing request; this node remembers the touches it has seen, which only ever move forward.
 */
public final class PushFence {

    private static final Duration POLL = Duration.ofMillis(50);

    private final GcMarks marks;
    private final Clock clock;
    private final GcSettings settings;
    private final Cache<Digest, Instant> touches = Caffeine.newBuilder().maximumSize(100_000).build();

    public PushFence(GcMarks marks, Clock clock, GcSettings settings) {
        this.marks = marks;
        this.clock = clock;
        this.settings = settings;
    }

    /** A push under way: it must record what it references before {@link #requireInTime()} fails. */
    public final class Hold {
        private final Instant start;
        private final Set<Digest> digests;

        private Hold(Instant start, Set<Digest> digests) {
            this.start = start;
            this.digests = digests;
        }

        /**
         * Touches the content again when the work since the hold (storing a large upload) took more than half the
         * push deadline, so that a collection that started meanwhile still sees it as used.
         */
        public void refreshIfLate() throws IOException {
            if (Duration.between(start, clock.instant()).compareTo(settings.pushDeadline().dividedBy(2)) > 0) {
                for (Digest digest : digests) {
                    touch(digest);
                }
            }
        }

        /**
         * Checks, just before the push records anything, that it is still within half its deadline (the other half
         * is for the writes), since a collection counts on pushes to finish within it.
         */
        public void requireInTime() throws RegistryException {
            Duration taken = Duration.between(start, clock.instant());
            if (taken.compareTo(settings.pushDeadline().dividedBy(2)) > 0) {
                throw RegistryException.of(ErrorCode.UNAVAILABLE, "the push took " + taken.toMillis() + " ms to "
                        + "check what it references, longer than half the push deadline (gc.push-deadline, "
                        + settings.pushDeadline().toSeconds() + " s); nothing was recorded, push again")
                        .withHeader("Retry-After", "1");
            }
        }
    }

    /**
     * Announces that a push is about to reference the digests' content, waiting while a collection deletes any of
     * it. The caller then checks that the content is there, asking the storage rather than a cache.
     */
    public Hold hold(Collection<Digest> digests) throws IOException, RegistryException {
        Instant start = clock.instant();
        Set<Digest> wanted = new LinkedHashSet<>(digests);
        List<Digest> stale = new ArrayList<>();
        for (Digest digest : wanted) {
            if (lastTouch(digest).filter(touched -> !touched.isBefore(start.minus(settings.grace()))).isEmpty()) {
                stale.add(digest);
            }
        }
        Set<Digest> noticed = noticed(wanted);   // read after the touches, as the handshake needs
        for (Digest digest : wanted) {
            if (noticed.contains(digest) && !stale.contains(digest)) {
                stale.add(digest);
            }
        }
        for (Digest digest : stale) {
            touch(digest);
        }
        if (!stale.isEmpty()) {
            awaitWithdrawal(new LinkedHashSet<>(stale));
        }
        return new Hold(start, wanted);
    }

    /** Records that the digest's content is referenced now, as when an upload has just stored it. */
    public void touch(Digest digest) throws IOException {
        Instant now = clock.instant();
        marks.touch(digest, now);
        touches.put(digest, now);
    }

    private Optional<Instant> lastTouch(Digest digest) throws IOException {
        Instant known = touches.getIfPresent(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Instant> stored = marks.touched(digest);
        stored.ifPresent(touched -> touches.asMap().merge(digest, touched, (a, b) -> a.isAfter(b) ? a : b));
        return stored;
    }

    /** The digests among these that a collection's notice, still in force, names. */
    private Set<Digest> noticed(Set<Digest> digests) throws IOException {
        Instant now = clock.instant();
        return marks.condemned().stream().filter(notice -> notice.holdsAt(now)).map(Condemnation::digest)
                .filter(digests::contains).collect(Collectors.toSet());
    }

    private void awaitWithdrawal(Set<Digest> digests) throws IOException, RegistryException {
        Instant giveUp = clock.instant().plus(settings.pushDeadline());
        for (Set<Digest> noticed = noticed(digests); !noticed.isEmpty(); noticed = noticed(digests)) {
            if (clock.instant().isAfter(giveUp)) {
                throw RegistryException.of(ErrorCode.UNAVAILABLE, "garbage collection is deleting " + noticed
                        .iterator().next() + ", which this push references; push it again in a moment")
                        .withHeader("Retry-After", "1");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while garbage collection held " + noticed);
            }
        }
    }
}
