package dev.berth.cache.gc;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What pushes and garbage collection tell each other through the storage, so that a collection never deletes content
 * a push is about to reference, on one node or many. A push writes that it references a digest ({@link #touch}) and
 * then reads the notices ({@link #condemned}); a collection posts its notice ({@link #condemn}) and then reads the
 * touches: whichever comes second sees the other, and backs off.
 */
public interface GcMarks {

    /** Records that something references the digest's content at the given time (later than any earlier touch). */
    void touch(Digest digest, Instant at) throws IOException;

    /** When something last referenced the digest's content, if anything has since it was stored. */
    Optional<Instant> touched(Digest digest) throws IOException;

    /** Forgets the digest's touches, once its content is deleted. */
    void forget(Digest digest) throws IOException;

    /** Posts a collection's notice that it is about to delete the content. */
    void condemn(Condemnation notice) throws IOException;

    /** Withdraws a notice, once the content is deleted or spared. */
    void withdraw(Condemnation notice) throws IOException;

    /** Every notice posted and not withdrawn, including void ones. */
    List<Condemnation> condemned() throws IOException;
}
