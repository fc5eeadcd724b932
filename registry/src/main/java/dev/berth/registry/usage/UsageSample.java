package dev.berth.registry.usage;

import java.time.Instant;
import java.util.List;

/**
 * How much the registry stored at one moment.
 *
 * @param storedBytes  the bytes of every blob in the store, shared or not, referenced or not
 * @param blobs        how many blobs
 * @param repositories how many repositories
 * @param largest      the largest repositories, largest first (a blob shared by two counts in both)
 */
public record UsageSample(Instant at, long storedBytes, long blobs, int repositories, List<RepositorySize> largest) {

    public UsageSample {
        largest = List.copyOf(largest);
    }

    /** A repository's size: the bytes of its manifests and of the blobs they use, each counted once. */
    public record RepositorySize(String repository, long bytes) {
    }
}
