package dev.berth.registry.signature;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.util.List;

/**
 * What counts as a signature or attestation of a manifest, and keeping them consistent with it: when a manifest is
 * deleted, so are its signatures and attestations (its referrers of those types, and cosign's tags), as Harbor does,
 * so that none is left listed for a manifest that is gone.
 */
public final class SignatureArtifacts {

    private static final List<String> TYPES = List.of("application/vnd.dev.sigstore.bundle",
            "application/vnd.cncf.notary.signature", "application/vnd.in-toto+json", "application/vnd.dev.cosign",
            "application/vnd.dev.berth.atomic-signature");
    private static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");

    private SignatureArtifacts() {
    }

    /** Whether a referrer is a signature or attestation, by its artifact type. */
    public static boolean isSignature(ManifestRecord record) {
        return record.subject() != null && record.artifactType() != null
                && TYPES.stream().anyMatch(record.artifactType()::startsWith);
    }

    /** Deletes the signatures and attestations of a manifest that was deleted; returns how many. */
    public static int deleteOf(RepositoryStore repositories, RepositoryName repository, Digest manifest)
            throws IOException {
        int deleted = 0;
        for (ManifestRecord referrer : repositories.referrers(repository, manifest)) {
            if (isSignature(referrer) && repositories.deleteManifest(repository, referrer.digest())) {
                deleted++;
            }
        }
        for (String suffix : COSIGN_SUFFIXES) {
            Tag tag = Tag.of(manifest.algorithm().prefix() + "-" + manifest.hex() + suffix);
            var tagged = repositories.resolveTag(repository, tag);
            if (tagged.isPresent() && repositories.deleteManifest(repository, tagged.get())) {
                deleted++;
            }
        }
        return deleted;
    }
}
