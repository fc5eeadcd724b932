package dev.berth.oci.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content address such as {@code sha256:9f86d0...}: an algorithm and the lower-case hex of a hash.
 *
 * <p>Only validated digests exist, so a digest's text is always safe to put into a path or URL.
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength() || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid " + algorithm.prefix() + " digest '" + hex
                    + "': expected " + algorithm.hexLength() + " lower-case hex characters");
        }
    }

    /** Parses {@code algorithm:hex}; the message of the exception names what was wrong. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("digest is missing");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest '" + abbreviate(text)
                    + "': expected algorithm:hex, such as sha256:<64 hex characters>");
        }
        String prefix = text.substring(0, colon);
        DigestAlgorithm algorithm = DigestAlgorithm.byPrefix(prefix).orElseThrow(() ->
                new IllegalArgumentException("unsupported digest algorithm '" + abbreviate(prefix)
                        + "': use sha256 or sha512"));
        return new Digest(algorithm, text.substring(colon + 1));
    }

    /** The SHA-256 digest of the given bytes. */
    public static Digest sha256(byte[] bytes) {
        return of(DigestAlgorithm.SHA256, bytes);
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] bytes) {
        return fromHash(algorithm, algorithm.newMessageDigest().digest(bytes));
    }

    /** A digest from the raw output of a hash function. */
    public static Digest fromHash(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** Whether the given text is a well-formed digest. */
    public static boolean isDigest(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm.prefix() + ":" + hex;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
