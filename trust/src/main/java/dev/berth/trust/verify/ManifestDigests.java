package dev.berth.trust.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;

/**
 * The digest a signature must name for a manifest: that of its exact bytes. Docker's schema 1 manifests, whose digest
 * is of the bytes without their embedded signatures, are refused: no current tool pushes them, and a second way to
 * compute a digest is a second way to get it wrong.
 */
final class ManifestDigests {

    private ManifestDigests() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Digest of(byte[] manifest, DigestAlgorithm algorithm) throws SignatureRefusedException {
        if (schemaVersion(manifest) == 1) {
            throw new SignatureRefusedException(Reason.DIGEST_MISMATCH, "the manifest is Docker schema 1, whose "
                    + "digest Berth does not compute; push it again with a current tool");
        }
        return Digest.of(algorithm, manifest);
    }

    private static int schemaVersion(byte[] manifest) {
        try {
            return JSON.readTree(manifest).path("schemaVersion").asInt(0);
        } catch (IOException e) {
            return 0;   // not JSON: its digest is still its bytes', and no signed digest will match it by chance
        }
    }
}
