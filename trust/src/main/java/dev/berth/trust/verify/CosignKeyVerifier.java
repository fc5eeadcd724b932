package dev.berth.trust.verify;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.simplesigning.UntrustedSimpleSigning;
import dev.berth.trust.keys.KeyAlgorithms;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;

/**
 * Checks a cosign signature made with a key ({@code cosign sign --key}): the layer must be a simple-signing
 * signature, its signature must verify with one of the trusted public keys over the exact payload bytes, and only
 * then is the payload read, which must name the digest of these exact manifest bytes.
 */
public final class CosignKeyVerifier {

    /** A cosign payload is a few hundred bytes. */
    public static final int MAXIMUM_PAYLOAD = 64 * 1024;

    private final List<PublicKey> keys;

    public CosignKeyVerifier(List<PublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * What a valid signature vouches for.
     *
     * @param key             the trusted key that verified it
     * @param manifestDigest  the digest of the manifest it signed, which is the one checked
     * @param dockerReference the repository (or reference) it names
     */
    public record Verified(PublicKey key, Digest manifestDigest, String dockerReference) {
    }

    public Verified verify(CosignSignature signature, byte[] manifest) throws SignatureRefusedException {
        if (!CosignSignature.MEDIA_TYPE.equals(signature.mediaType())) {
            throw new SignatureRefusedException(Reason.NOT_SIGNED, "the attachment is " + signature.mediaType()
                    + ", not a cosign signature (" + CosignSignature.MEDIA_TYPE + ")");
        }
        if (signature.payload().length > MAXIMUM_PAYLOAD) {
            throw new SignatureRefusedException(Reason.TOO_LARGE, "the payload is larger than " + MAXIMUM_PAYLOAD
                    + " bytes");
        }
        PublicKey key = keys.stream().filter(candidate -> verifies(candidate, signature)).findFirst()
                .orElseThrow(() -> new SignatureRefusedException(Reason.UNKNOWN_KEY, "no trusted key made this "
                        + "signature"));
        SignedPayload checked = SignedPayload.check(signature.payload(), UntrustedSimpleSigning.COSIGN_TYPE,
                manifest, "the signature");
        return new Verified(key, checked.manifestDigest(), checked.payload().dockerReference());
    }

    private static boolean verifies(PublicKey key, CosignSignature signature) {
        try {
            Signature verifier = Signature.getInstance(KeyAlgorithms.sha256Signature(key));
            verifier.initVerify(key);
            verifier.update(signature.payload());
            return verifier.verify(signature.signature());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
