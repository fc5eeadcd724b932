package dev.berth.trust.sign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.dsse.DsseEnvelope;
import dev.berth.trust.format.dsse.InTotoStatement;
import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.keys.KeyAlgorithms;
import dev.berth.trust.keys.PrivateKeys;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs an image as {@code cosign sign} does in its bundle format, with a key: a v0.3 bundle holding a DSSE envelope
 * of an in-toto statement ({@code https://sigstore.dev/cosign/sign/v1}) whose subject is the manifest digest, and,
 * unlike cosign, also names the repository, so that a copy of the signature in another repository is refused. No
 * transparency log is written to: the bundle verifies with the public key alone.
 */
public final class BundleSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateKey key;
    private final PublicKey publicKey;

    public BundleSigner(PrivateKey key) {
        this.key = key;
        this.publicKey = PrivateKeys.publicKey(key);
    }

    /** The bundle's JSON for the manifest, naming the repository it is signed in. */
    public byte[] sign(String dockerRepository, Digest manifest) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", InTotoStatement.V1);
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", dockerRepository);
        subject.putObject("digest").put(manifest.algorithm().prefix(), manifest.hex());
        statement.put("predicateType", InTotoStatement.COSIGN_SIGN);
        statement.putObject("predicate");
        try {
            DsseEnvelope envelope = new DsseEnvelope(DsseEnvelope.IN_TOTO, JSON.writeValueAsBytes(statement),
                    java.util.List.of());
            Signature signer = Signature.getInstance(KeyAlgorithms.sigstoreSignature(key));
            signer.initSign(key);
            signer.update(envelope.preAuthenticationEncoding());
            byte[] signature = signer.sign();
            ObjectNode bundle = JSON.createObjectNode();
            bundle.put("mediaType", Bundle.MEDIA_TYPE);
            bundle.putObject("verificationMaterial").putObject("publicKey").put("hint", Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded())));
            ObjectNode dsse = bundle.putObject("dsseEnvelope");
            dsse.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
            dsse.put("payloadType", envelope.payloadType());
            ObjectNode written = dsse.putArray("signatures").addObject();
            written.put("sig", Base64.getEncoder().encodeToString(signature));
            written.put("keyid", "");
            return JSON.writeValueAsBytes(bundle);
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }
}
