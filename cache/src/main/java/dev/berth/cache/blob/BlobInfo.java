package dev.berth.cache.blob;

import dev.berth.oci.digest.Digest;

/** What the store knows about a blob: its digest and size. */
public record BlobInfo(Digest digest, long size) {
}
