package dev.berth.oci.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** The digest algorithms the OCI image spec registers, with the length of their hex encoding. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String prefix;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String prefix, String jcaName, int hexLength) {
        this.prefix = prefix;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name used before the colon of a digest string, such as {@code sha256}. */
    public String prefix() {
        return prefix;
    }

    public int hexLength() {
        return hexLength;
    }

    /** A fresh JDK message digest for this algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName + ", which every JDK must have", e);
        }
    }

    public static Optional<DigestAlgorithm> byPrefix(String prefix) {
        return Arrays.stream(values()).filter(a -> a.prefix.equals(prefix)).findFirst();
    }
}
