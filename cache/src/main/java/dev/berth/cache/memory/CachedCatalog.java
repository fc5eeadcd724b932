package dev.berth.cache.memory;

import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every repository's name, in order, remembered for a store that only this process writes: the catalog and the web
 * UI then page through ten thousand repositories with a binary search instead of a walk of the disk. A write that may
 * create a repository, or a deletion of one, makes it read afresh; a list read while such a change happened is never
 * kept, so no change is lost to a race.
 */
final class CachedCatalog {

    /** The names as read when the changes counter stood at {@code generation}. */
    private record Names(long generation, List<RepositoryName> names) {
    }

    /** How the store is read when nothing is remembered. */
    @FunctionalInterface
    interface Source {
        List<RepositoryName> read() throws IOException;
    }

    private final Source source;
    private final AtomicLong changes = new AtomicLong();
    private final AtomicReference<Names> known = new AtomicReference<>();

    CachedCatalog(Source source) {
        this.source = source;
    }

    List<RepositoryName> all() throws IOException {
        long generation = changes.get();
        Names names = known.get();
        if (names != null && names.generation() == generation) {
            return names.names();
        }
        List<RepositoryName> read = List.copyOf(source.read());
        if (changes.get() == generation) {
            known.set(new Names(generation, read));
        }
        return read;
    }

    /** At most {@code limit} names after {@code after}, in order. */
    List<RepositoryName> after(Optional<String> after, int limit) throws IOException {
        List<RepositoryName> names = all();
        int from = after.map(last -> firstAfter(names, last)).orElse(0);
        return names.subList(from, Math.min(names.size(), from + Math.max(0, limit)));
    }

    /** A write put something in the repository: if it is new to the list, the list is read again. */
    void written(RepositoryName repository) {
        Names names = known.get();
        if (names == null || Collections.binarySearch(names.names(), repository) < 0) {
            changes.incrementAndGet();
        }
    }

    /** The repository was deleted. */
    void deleted() {
        changes.incrementAndGet();
    }

    private static int firstAfter(List<RepositoryName> names, String last) {
        int low = 0;
        int high = names.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (names.get(middle).value().compareTo(last) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
