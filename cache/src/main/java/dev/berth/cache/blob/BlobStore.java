package dev.berth.cache.blob;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.WritableByteChannel;
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
     * Opens the blob for reading from the given offset.
     *
     * @throws BlobNotFoundException if the store does not have the blob
     */
    InputStream open(Digest digest, long offset) throws IOException;

    /**
     * Writes {@code length} bytes of the blob, from {@code offset}, to a channel in blocking mode. Stores that keep
     * blobs in local files hand them to the kernel (sendfile(2)) rather than copying them through the JVM.
     *
     * @throws BlobNotFoundException if the store does not have the blob
     */
    void transferTo(Digest digest, long offset, long length, WritableByteChannel target) throws IOException;

    /**
     * Stores small content known in full, such as a manifest, after checking it hashes to the given digest.
     *
     * @throws DigestMismatchException if the bytes do not hash to {@code digest}
     */
    BlobInfo put(Digest digest, byte[] bytes) throws IOException;

    /** Removes the blob; true if it was there. Repositories linking to it are not told. */
    boolean delete(Digest digest) throws IOException;
}
