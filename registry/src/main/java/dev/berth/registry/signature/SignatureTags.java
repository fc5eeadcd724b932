package dev.berth.registry.signature;

import dev.berth.oci.digest.Digest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tags signature tools keep beside images: cosign's {@code sha256-<hex>.sig} (and {@code .att}, {@code .sbom}),
 * and the referrers tag schema's {@code sha256-<hex>}.
 */
public final class SignatureTags {

    private static final Pattern TAG = Pattern.compile("sha256-([0-9a-f]{64})(\\.sig|\\.att|\\.sbom)?");

    private SignatureTags() {
    }

    public static boolean isSignatureTag(String tag) {
        return TAG.matcher(tag).matches();
    }

    /** The manifest whose signatures a tag holds, if it is a signature tag. */
    public static Optional<Digest> subject(String tag) {
        var matcher = TAG.matcher(tag);
        return matcher.matches() ? Optional.of(Digest.parse("sha256:" + matcher.group(1))) : Optional.empty();
    }
}
