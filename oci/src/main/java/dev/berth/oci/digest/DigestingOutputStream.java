package dev.berth.oci.digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** An output stream that hashes and counts what passes through it, so content is hashed while it is written. */
public final class DigestingOutputStream extends FilterOutputStream {

    private final DigestAlgorithm algorithm;
    private final MessageDigest hash;
    private long count;

    public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.hash = algorithm.newMessageDigest();
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hash.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        hash.update(buffer, offset, length);
        count += length;
    }

    /** The digest of everything written so far. */
    public Digest digest() {
        try {
            return Digest.fromHash(algorithm, ((MessageDigest) hash.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("JDK message digests are cloneable", e);
        }
    }

    public long count() {
        return count;
    }
}
