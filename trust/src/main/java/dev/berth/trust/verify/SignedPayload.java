package dev.berth.trust.verify;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.simplesigning.UntrustedSimpleSigning;
import dev.berth.trust.verify.SignatureRefusedException.Reason;

/**
 * The last two checks every simple-signing format shares, once the signature itself verified: the payload is one of
 * the format's type, and it names the digest of these exact manifest bytes.
 *
 * @param payload        what was signed, now known to be well-formed
 * @param manifestDigest the manifest's digest, which the payload names
 */
public record SignedPayload(UntrustedSimpleSigning payload, Digest manifestDigest) {

    /**
     * @param signer who made the signature, for messages ("the signature by 08CD…")
     */
    public static SignedPayload check(byte[] signed, String type, byte[] manifest, String signer)
            throws SignatureRefusedException {
        UntrustedSimpleSigning payload;
        try {
            payload = UntrustedSimpleSigning.parse(signed, type);
        } catch (IllegalArgumentException e) {
            throw new SignatureRefusedException(Reason.BAD_PAYLOAD, signer + " is not of a '" + type + "' payload: "
                    + e.getMessage());
        }
        Digest actual = ManifestDigests.of(manifest, payload.manifestDigest().algorithm());
        if (!actual.equals(payload.manifestDigest())) {
            throw new SignatureRefusedException(Reason.DIGEST_MISMATCH, signer + " is for manifest "
                    + payload.manifestDigest() + ", not for this one (" + actual + ")");
        }
        return new SignedPayload(payload, actual);
    }
}
