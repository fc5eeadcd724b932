package dev.berth.client;

import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;

/**
 * Decides whether a pulled image may be used, after its manifests are fetched and before any of its blobs is: a
 * signature policy, for one.
 */
@FunctionalInterface
public interface ManifestGate {

    /** Lets every image through. */
    ManifestGate OPEN = (reference, repository, named, chosen) -> { };

    /**
     * Admits the image or throws.
     *
     * @param reference  the image as asked for
     * @param repository its repository, for reading what is attached to it (signatures)
     * @param named      the manifest the reference named (an index, for a multi-platform image)
     * @param chosen     the manifest that will be used: the platform's entry of an index, else {@code named}
     * @throws ImageRefusedException saying why the image is refused
     */
    void admit(Reference reference, RemoteRepository repository, RawManifest named, RawManifest chosen)
            throws IOException;
}
