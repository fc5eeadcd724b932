package dev.berth.cache.gc;

import dev.berth.oci.digest.Digest;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A garbage collection's notice that it is about to delete some content: pushes that reference the content wait until
 * the notice is withdrawn, and a notice past {@code until} is void (its collector died, or gave up on the deletion).
 *
 * @param sweep the collection that posted it, so concurrent collections do not withdraw each other's notices
 */
public record Condemnation(Digest digest, Instant until, String sweep) {

    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)-([a-f0-9]+)\\.([0-9]+)\\.([A-Za-z0-9-]+)");

    public Condemnation {
        if (!sweep.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("a sweep's name is letters, digits and '-', not '" + sweep + "'");
        }
    }

    /** The notice spelt as one file or object name, so that listing one directory or prefix reads all of them. */
    public String name() {
        return digest.algorithm().prefix() + "-" + digest.hex() + "." + until.toEpochMilli() + "." + sweep;
    }

    /** The notice a name spells, if it spells one. */
    public static Optional<Condemnation> parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches() || !Digest.isDigest(matcher.group(1) + ":" + matcher.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new Condemnation(Digest.parse(matcher.group(1) + ":" + matcher.group(2)),
                Instant.ofEpochMilli(Long.parseLong(matcher.group(3))), matcher.group(4)));
    }

    /** Whether the notice still holds at the given time. */
    public boolean holdsAt(Instant now) {
        return now.isBefore(until);
    }
}
