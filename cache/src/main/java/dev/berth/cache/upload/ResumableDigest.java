package dev.berth.cache.upload;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import org.bouncycastle.crypto.digests.EncodableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * A running hash whose state can be saved as bytes and restored later, so an upload can continue hashing after a
 * restart or on another node without re-reading what it already received. Stores whose data is remote (S3) keep this
 * state with each session; the disk store re-reads its local data instead, since the JDK's hash is faster.
 */
public final class ResumableDigest {

    private final DigestAlgorithm algorithm;
    private final org.bouncycastle.crypto.Digest hash;

    private ResumableDigest(DigestAlgorithm algorithm, org.bouncycastle.crypto.Digest hash) {
        this.algorithm = algorithm;
        this.hash = hash;
    }

    public static ResumableDigest start(DigestAlgorithm algorithm) {
        return new ResumableDigest(algorithm, switch (algorithm) {
            case SHA256 -> new SHA256Digest();
            case SHA512 -> new SHA512Digest();
        });
    }

    /** Restores a hash from {@link #state()}; the exception names a state that is not one. */
    public static ResumableDigest restore(DigestAlgorithm algorithm, byte[] state) {
        try {
            return new ResumableDigest(algorithm, switch (algorithm) {
                case SHA256 -> new SHA256Digest(state);
                case SHA512 -> new SHA512Digest(state);
            });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("saved " + algorithm.prefix() + " hash state is corrupt", e);
        }
    }

    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    public void update(byte[] bytes, int offset, int length) {
        hash.update(bytes, offset, length);
    }

    /** The state to save; {@link #restore} continues from it. */
    public byte[] state() {
        return ((EncodableDigest) hash).getEncodedState();
    }

    /** The digest of everything so far, leaving this hash able to continue. */
    public Digest digest() {
        org.bouncycastle.crypto.Digest copy = switch (hash) {
            case SHA256Digest sha256 -> new SHA256Digest(sha256);
            case SHA512Digest sha512 -> new SHA512Digest(sha512);
            default -> throw new IllegalStateException("unexpected hash " + hash.getAlgorithmName());
        };
        byte[] out = new byte[copy.getDigestSize()];
        copy.doFinal(out, 0);
        return Digest.fromHash(algorithm, out);
    }
}
