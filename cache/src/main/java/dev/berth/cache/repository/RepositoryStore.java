package dev.berth.cache.repository;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each repository holds: links to the shared blobs, manifest records, tags, and the referrers index. The
 * content itself lives in the {@link dev.berth.cache.blob.BlobStore}.
 */
public interface RepositoryStore {

    /** Makes the blob part of the repository. Linking twice is harmless. */
    void linkBlob(RepositoryName repository, Digest digest) throws IOException;

    boolean hasBlob(RepositoryName repository, Digest digest) throws IOException;

    /** Removes the blob from the repository (not from the store); true if it was linked. */
    boolean unlinkBlob(RepositoryName repository, Digest digest) throws IOException;

    /** Records a manifest whose bytes are already in the blob store, and indexes its subject. */
    void putManifest(RepositoryName repository, ManifestRecord manifest) throws IOException;

    Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) throws IOException;

    /**
     * As {@link #manifest}, from the medium itself rather than any memory of it: for decisions that a deletion by
     * another node or process must not be hidden from, such as accepting an index that lists the manifest.
     */
    default Optional<ManifestRecord> manifestStored(RepositoryName repository, Digest digest) throws IOException {
        return manifest(repository, digest);
    }

    /** Removes the manifest, every tag pointing at it, and its referrers entry; true if it was there. */
    boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException;

    /** Points the tag at the manifest, replacing what it pointed at before. */
    void tag(RepositoryName repository, Tag tag, Digest digest) throws IOException;

    Optional<Digest> resolveTag(RepositoryName repository, Tag tag) throws IOException;

    boolean deleteTag(RepositoryName repository, Tag tag) throws IOException;

    /** Removes every tag that points at the manifest. */
    default void untagManifest(RepositoryName repository, Digest digest) throws IOException {
        for (Tag tag : tagsOf(repository, digest)) {
            deleteTag(repository, tag);
        }
    }

    /** The tags that point at the manifest, in lexical order. */
    default List<Tag> tagsOf(RepositoryName repository, Digest digest) throws IOException {
        List<Tag> tagged = new ArrayList<>();
        for (Tag tag : tags(repository)) {
            if (resolveTag(repository, tag).filter(digest::equals).isPresent()) {
                tagged.add(tag);
            }
        }
        return tagged;
    }

    /** The repository's tags in lexical order. */
    List<Tag> tags(RepositoryName repository) throws IOException;

    /** At most {@code limit} of the repository's tags that sort after {@code after}, in lexical order. */
    default List<Tag> tags(RepositoryName repository, Optional<String> after, int limit) throws IOException {
        return tags(repository).stream().filter(tag -> after.isEmpty() || tag.value().compareTo(after.get()) > 0)
                .limit(limit).toList();
    }

    /** The digests of every manifest the repository holds, in no particular order. */
    List<Digest> manifests(RepositoryName repository) throws IOException;

    /** The digests of every blob linked into the repository, in no particular order. */
    List<Digest> blobLinks(RepositoryName repository) throws IOException;

    /** Records that the manifest was pulled at the given time (callers record now and then, not every pull). */
    void recordPull(RepositoryName repository, Digest digest, Instant at) throws IOException;

    /** When the manifest was last recorded as pulled, if ever. */
    Optional<Instant> lastPulled(RepositoryName repository, Digest digest) throws IOException;

    /** Manifests in the repository whose subject is the given digest, oldest first. */
    List<ManifestRecord> referrers(RepositoryName repository, Digest subject) throws IOException;

    /** Whether anything (a blob link, manifest or tag) was ever put in the repository and is still there. */
    boolean exists(RepositoryName repository) throws IOException;

    /**
     * Removes the repository: its manifests, tags, blob links and referrers (not the blobs, which garbage collection
     * reclaims, nor the repositories nested under its name), and records when; true if it existed.
     */
    boolean deleteRepository(RepositoryName repository) throws IOException;

    /** When the repository was last deleted, if it ever was: access granted before then is not for what is there now. */
    Optional<Instant> deletedAt(RepositoryName repository) throws IOException;

    /** Every repository, in lexical order. */
    List<RepositoryName> repositories() throws IOException;

    /** At most {@code limit} repositories whose names sort after {@code after}, in lexical order. */
    default List<RepositoryName> repositories(Optional<String> after, int limit) throws IOException {
        return repositories().stream().filter(name -> after.isEmpty() || name.value().compareTo(after.get()) > 0)
                .limit(limit).toList();
    }
}
