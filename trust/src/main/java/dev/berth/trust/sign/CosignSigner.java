package dev.berth.trust.sign;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.simplesigning.UntrustedSimpleSigning;
import java.io.IOException;
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
        byte[] payload = payload(dockerReference, manifestDigest);
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
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

    /** cosign's payload: its type, the reference, the digest, and {@code "optional": null}. */
    private static byte[] payload(String dockerReference, Digest manifestDigest) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var payload = json.createObjectNode();
        var critical = payload.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", UntrustedSimpleSigning.COSIGN_TYPE);
        payload.putNull("optional");
        try {
            return json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of strings is always written", e);
        }
    }
}
