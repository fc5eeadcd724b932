package dev.berth.cache.upload;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Blob uploads that arrive in one or more chunks, survive a restart, and become a blob only when complete and
 * verified. The hash state is kept with each session, so completing a large upload does not re-read it.
 */
public interface UploadStore {

    /** Starts an upload into the repository, owned by the caller who asked, when the registry knows who that is. */
    UploadSession start(RepositoryName repository, Optional<String> owner) throws IOException;

    default UploadSession start(RepositoryName repository) throws IOException {
        return start(repository, Optional.empty());
    }

    Optional<UploadSession> find(String id) throws IOException;

    /**
     * Appends a chunk. When {@code expectedOffset} is present it must equal the session's offset.
     *
     * @throws UploadNotFoundException if there is no such session
     * @throws UploadOffsetException   if the chunk does not continue the upload
     */
    UploadSession append(String id, Long expectedOffset, InputStream chunk) throws IOException;

    /**
     * Appends an optional last chunk, checks the whole content against {@code digest}, and makes it a blob. On a
     * mismatch the session is discarded and nothing is stored.
     *
     * @throws UploadNotFoundException if there is no such session
     * @throws dev.berth.cache.blob.DigestMismatchException if the content does not hash to {@code digest}
     */
    BlobInfo complete(String id, Digest digest, InputStream lastChunk) throws IOException;

    /** Discards the session and what it received; true if it existed. */
    boolean cancel(String id) throws IOException;

    /**
     * Removes, with what they received, the sessions that neither started nor acknowledged a chunk since
     * {@code idleSince} and are not receiving one now; returns how many.
     */
    int removeIdle(Instant idleSince) throws IOException;
}
