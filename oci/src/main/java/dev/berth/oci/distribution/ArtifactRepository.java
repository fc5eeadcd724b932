package dev.berth.oci.distribution;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.RawManifest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One repository of a registry as the distribution API presents it, for reading and writing the small artifacts kept
 * beside images (signatures, attestations): manifests by tag or digest, small blobs, and referrers. The registry
 * client implements it over HTTP and the registry over its own storage, so that signature formats are read and written
 * the same way wherever they live.
 */
public interface ArtifactRepository {

    /** The repository's full name, registry included ({@code registry.example/team/app}), as messages name it. */
    String name();

    /** What a tag or digest names (media type, digest, size) without its content; empty when there is none. */
    Optional<Descriptor> describe(String reference) throws IOException;

    /** The manifest a tag or digest names, as it is; empty when there is none. */
    Optional<RawManifest> manifest(String reference) throws IOException;

    /**
     * A small blob's bytes, verified against its digest; refused without reading when the descriptor says it is larger
     * than {@code maximum} bytes.
     */
    byte[] smallBlob(Descriptor blob, int maximum) throws IOException;

    /** The descriptors of the manifests whose subject is the given manifest (empty when there are none). */
    List<Descriptor> referrers(Digest subject) throws IOException;

    /** Stores a small blob under its digest (nothing happens when the repository has it). */
    void pushBlob(Descriptor blob, byte[] content) throws IOException;

    /** Stores a manifest under a tag, or under its digest when {@code reference} is that digest. */
    void pushManifest(String reference, RawManifest manifest) throws IOException;
}
