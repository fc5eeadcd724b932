package dev.berth.registry.manifest;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.http.RegistryException;

/** The {@code <reference>} of a manifest URL: exactly one of a tag or a digest. */
record ManifestReference(Tag tag, Digest digest) {

    static ManifestReference parse(String text) throws RegistryException {
        try {
            if (text != null && text.contains(":")) {
                return new ManifestReference(null, Digest.parse(text));
            }
            return new ManifestReference(Tag.of(text), null);
        } catch (IllegalArgumentException e) {
            ErrorCode code = text != null && text.contains(":") ? ErrorCode.DIGEST_INVALID : ErrorCode.TAG_INVALID;
            throw RegistryException.of(code, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return tag != null ? tag.value() : digest.toString();
    }
}
