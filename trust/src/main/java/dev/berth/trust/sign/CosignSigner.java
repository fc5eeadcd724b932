package dev.berth.trust.sign;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.simplesigning.SimpleSigningPayload;
import dev.berth.trust.keys.KeyAlgorithms;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs a manifest digest as {@code cosign sign --key} does in its legacy layout: cosign's simple-signing payload,
 * signed with SHA-256 (ECDSA as ASN.1 DER, RSA PKCS#1 v1.5, or Ed25519), ready to be the layer of the
 * {@code sha256-<hex>.sig} manifest.
 */
public final class CosignSigner {

    private final PrivateKey key;

    public CosignSigner(PrivateKey key) {
        this.key = key;
    }

    public CosignSignature sign(String dockerReference, Digest manifestDigest) {
        byte[] payload = SimpleSigningPayload.cosign(dockerReference, manifestDigest);
        try {
            Signature signer = Signature.getInstance(KeyAlgorithms.sha256Signature(key));
            signer.initSign(key);
            signer.update(payload);
            byte[] signature = signer.sign();
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(CosignSignature.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signature));
            return new CosignSignature(CosignSignature.MEDIA_TYPE, payload, signature, annotations);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }
}
