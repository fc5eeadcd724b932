package dev.berth.registry.catalog;

import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Pages of repository names, as the catalog and the web UI list them: only those a caller may see. */
public final class RepositoryNames {

    /** How many names are read at a time at least: one S3 listing's worth. */
    private static final int BATCH = 1000;

    private RepositoryNames() {
    }

    /**
     * Up to {@code wanted} repositories after {@code last} that pass the filter, in lexical order, read from the store
     * a batch at a time (so that a caller who may see few of many repositories does not cost a read of them all).
     */
    public static List<RepositoryName> after(RepositoryStore store, Optional<String> last, int wanted,
                                             Predicate<RepositoryName> filter) throws IOException {
        List<RepositoryName> names = new ArrayList<>();
        Optional<String> after = last;
        int size = Math.max(wanted, BATCH);
        while (names.size() < wanted) {
            List<RepositoryName> batch = store.repositories(after, size);
            for (RepositoryName name : batch) {
                if (filter.test(name) && names.size() < wanted) {
                    names.add(name);
                }
            }
            if (batch.size() < size) {
                break;
            }
            after = Optional.of(batch.getLast().value());
        }
        return names;
    }
}
