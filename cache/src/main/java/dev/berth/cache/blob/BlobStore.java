package dev.berth.cache.blob;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed blobs, one copy per digest, shared by every repository.
 *
 * <p>A blob is visible only once complete and verified against its digest; callers never see local paths, so an
 * object-store implementation fits behind the same interface.
 */
public interface BlobStore {

    /** The blob's size, if the store has it. */
    Optional<BlobInfo> stat(Digest digest) throws IOException;

    /**
     * As {@link #stat}, from the medium itself rather than any memory of it: for decisions that a deletion by another
     * node or process must not be hidden from, such as accepting a manifest that references the blob.
     */
    default Optional<BlobInfo> statStored(Digest digest) throws IOException {
        return stat(digest);
    }

    /** At most {@code limit} blobs whose digests sort after {@code after}, in the order of their digests' text. */
    List<StoredBlob> list(Optional<Digest> after, int limit) throws IOException;

    /**
     * Opens the blob for reading from the given offset.
     *
     * @throws BlobNotFoundException if the store does not have the blob
     */
    InputStream open(Digest digest, long offset) throws IOException;

    /**
     * A URL that serves the blob directly for a while, when the store can give one (S3's presigned URLs, if the
     * deployment asks for them), so clients download from the store instead of through the registry.
     */
    default Optional<URI> downloadUrl(Digest digest) throws IOException {
        return Optional.empty();
    }

    /**
     * The whole blob, for small ones read often, such as manifests, which caching stores keep in memory.
     *
     * @throws BlobNotFoundException if the store does not have the blob
     */
    default byte[] readAll(Digest digest) throws IOException {
        try (InputStream in = open(digest, 0)) {
            return in.readAllBytes();
        }
    }

    /**
     * Writes {@code length} bytes of the blob, from {@code offset}, to a channel in blocking mode. Stores that keep
     * blobs in local files hand them to the kernel (sendfile(2)) rather than copying them through the JVM.
     *
     * @throws BlobNotFoundException if the store does not have the blob
     */
    void transferTo(Digest digest, long offset, long length, WritableByteChannel target) throws IOException;

    /**
     * Whether {@link #transferTo} hands local files to the kernel, so a server sends blobs that way rather than by
     * copying the stream {@link #open} gives (which, for a remote store, is the one request it makes).
     */
    default boolean sendsFiles() {
        return false;
    }

    /**
     * Stores small content known in full, such as a manifest, after checking it hashes to the given digest.
     *
     * @throws DigestMismatchException if the bytes do not hash to {@code digest}
     */
    BlobInfo put(Digest digest, byte[] bytes) throws IOException;

    /** Removes the blob; true if it was there. Repositories linking to it are not told. */
    boolean delete(Digest digest) throws IOException;
}
