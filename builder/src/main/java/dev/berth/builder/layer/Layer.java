package dev.berth.builder.layer;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;

/** A layer of an image: the compressed blob and the digest of its uncompressed tar (the diff ID). */
public record Layer(Descriptor blob, Digest diffId) {
}
