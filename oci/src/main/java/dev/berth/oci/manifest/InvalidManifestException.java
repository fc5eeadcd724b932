package dev.berth.oci.manifest;

/** A manifest that cannot be accepted; the message says what is wrong with it. */
public final class InvalidManifestException extends Exception {

    public InvalidManifestException(String message) {
        super(message);
    }
}
