package dev.berth.cache.blob;

import dev.berth.oci.digest.Digest;
import java.io.IOException;

/** Content whose digest is not the one the client declared; nothing of it was stored. */
public final class DigestMismatchException extends IOException {

    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("content hashes to " + actual + ", not to the declared " + expected + "; nothing was stored");
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
