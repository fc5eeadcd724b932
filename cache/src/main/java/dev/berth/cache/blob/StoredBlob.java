package dev.berth.cache.blob;

import dev.berth.oci.digest.Digest;
import java.time.Instant;

/** A blob as a listing of the store shows it: digest, size, and when it was last written. */
public record StoredBlob(Digest digest, long size, Instant modified) {
}
