package dev.berth.trust.verify;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.simplesigning.UntrustedSimpleSigning;

/**
 * Checks a GPG simple signing signature (skopeo's and podman's {@code --sign-by}) of a manifest: first the OpenPGP
 * signature against the trusted keys, only then the payload it signed, then that the payload names the digest of
 * these exact manifest bytes. Which image names the signature may vouch for is the policy's decision; the verified
 * signature says which one it names.
 */
public final class SimpleSigningVerifier {

    private final OpenPgpVerifier openPgp;

    public SimpleSigningVerifier(OpenPgpVerifier openPgp) {
        this.openPgp = openPgp;
    }

    /**
     * What a valid signature vouches for.
     *
     * @param signer          the fingerprint of the primary key that signed
     * @param manifestDigest  the digest of the manifest it signed, which is the one checked
     * @param dockerReference the image reference it names
     */
    public record Verified(String signer, Digest manifestDigest, String dockerReference) {
    }

    public Verified verify(byte[] signature, byte[] manifest) throws SignatureRefusedException {
        OpenPgpVerifier.Verified signed = openPgp.verify(signature);
        SignedPayload checked = SignedPayload.check(signed.payload(), UntrustedSimpleSigning.TYPE, manifest,
                "the signature by " + signed.signer());
        return new Verified(signed.signer(), checked.manifestDigest(), checked.payload().dockerReference());
    }
}
