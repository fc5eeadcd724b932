package dev.berth.builder.cache;

import dev.berth.oci.digest.Digest;
import java.nio.charset.StandardCharsets;

/**
 * The cache key of a build step: a hash of the parent step's key and everything the step's result depends on (the
 * instruction after substitution, the arguments and environment it uses, the content it copies).
 */
public record CacheKey(Digest digest) {

    /** The key of a stage's starting point: the base image's manifest digest, or {@code scratch}. */
    public static CacheKey base(String identity) {
        return new CacheKey(Digest.sha256(("base\n" + identity).getBytes(StandardCharsets.UTF_8)));
    }

    /** The key of a step on top of this one. */
    public CacheKey then(String... parts) {
        StringBuilder text = new StringBuilder(digest.toString());
        for (String part : parts) {
            text.append('\n').append(part.length()).append(':').append(part);
        }
        return new CacheKey(Digest.sha256(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return digest.hex().substring(0, 12);
    }
}
