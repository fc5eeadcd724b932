package dev.berth.registry.gc;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository's manifest records and tags, read once, as garbage collection and lifecycle policies judge it.
 *
 * @param records the manifests the repository holds, by digest
 * @param tags    what each tag points at
 */
public record RepositoryContents(Map<Digest, ManifestRecord> records, Map<Tag, Digest> tags) {

    public static RepositoryContents read(RepositoryStore store, RepositoryName repository) throws IOException {
        Map<Digest, ManifestRecord> records = new HashMap<>();
        for (Digest digest : store.manifests(repository)) {
            store.manifest(repository, digest).ifPresent(record -> records.put(digest, record));
        }
        Map<Tag, Digest> tags = new HashMap<>();
        for (Tag tag : store.tags(repository)) {
            store.resolveTag(repository, tag).ifPresent(digest -> tags.put(tag, digest));
        }
        return new RepositoryContents(records, tags);
    }

    /** The tags of each manifest that has any. */
    public Map<Digest, List<Tag>> tagsByManifest() {
        Map<Digest, List<Tag>> byManifest = new HashMap<>();
        tags.forEach((tag, digest) -> byManifest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
        return byManifest;
    }
}
