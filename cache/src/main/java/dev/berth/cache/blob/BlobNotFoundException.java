package dev.berth.cache.blob;

import dev.berth.oci.digest.Digest;
import java.io.IOException;

/** A read of a blob the store does not have. */
public final class BlobNotFoundException extends IOException {

    public BlobNotFoundException(Digest digest) {
        super("blob " + digest + " is not in the store");
    }
}
