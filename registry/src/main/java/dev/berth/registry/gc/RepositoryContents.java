package dev.berth.registry.gc;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The bytes of the repository's manifests and of every blob they use, each blob counted once. */
    public long bytes(BlobStore blobs) throws IOException {
        Set<Digest> used = new HashSet<>();
        long size = 0;
        for (ManifestRecord record : records.values()) {
            size += record.size();
            used.addAll(record.blobs());
        }
        for (Digest blob : used) {
            size += blobs.stat(blob).map(BlobInfo::size).orElse(0L);
        }
        return size;
    }

    /** The tags of each manifest that has any. */
    public Map<Digest, List<Tag>> tagsByManifest() {
        Map<Digest, List<Tag>> byManifest = new HashMap<>();
        tags.forEach((tag, digest) -> byManifest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
        return byManifest;
    }
}
