package dev.berth.cache.upload;

import dev.berth.oci.reference.RepositoryName;
import java.time.Instant;
import java.util.Optional;

/**
 * An upload in progress: which repository it is for, how many bytes have been received, and when it started.
 *
 * @param id         an opaque, unguessable id (a UUID)
 * @param offset     the number of bytes received so far; the next chunk starts here
 * @param owner      who started it, when the registry knows its callers: only they may continue it
 */
public record UploadSession(String id, RepositoryName repository, long offset, Instant startedAt,
                            Optional<String> owner) {
}
