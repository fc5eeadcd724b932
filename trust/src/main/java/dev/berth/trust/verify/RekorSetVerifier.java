package dev.berth.trust.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.oci.digest.Digest;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Checks a Rekor "signed entry timestamp" (cosign's {@code dev.sigstore.cosign/bundle} annotation) offline: the log's
 * ECDSA signature over the canonical JSON of the entry, then that the entry (a {@code hashedrekord}) records exactly
 * this signature, the key that made it (as a public key or in a certificate), and the hash of this payload. What it
 * proves is when the log saw the signature, which is the time a short-lived certificate must have been valid at.
 */
public final class RekorSetVerifier {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final List<PublicKey> logKeys;

    /**
     * @throws IllegalArgumentException if a key is not ECDSA (Rekor signs with ECDSA; another key is a mistake)
     */
    public RekorSetVerifier(List<PublicKey> logKeys) {
        for (PublicKey key : logKeys) {
            if (!key.getAlgorithm().equals("EC")) {
                throw new IllegalArgumentException("a Rekor public key must be ECDSA, not " + key.getAlgorithm());
            }
        }
        this.logKeys = List.copyOf(logKeys);
    }

    /**
     * When the log integrated the signature.
     *
     * @param bundle           the annotation's JSON: {@code SignedEntryTimestamp} and {@code Payload}
     * @param signature        the signature's bytes, as the image carries it
     * @param signer    the public key that verified the signature
     * @param payload   the signed payload
     */
    public Instant verify(byte[] bundle, byte[] signature, PublicKey signer, byte[] payload)
            throws SignatureRefusedException {
        JsonNode root;
        try {
            root = JSON.readTree(bundle);
        } catch (IOException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor bundle is not JSON");
        }
        JsonNode entry = root.path("Payload");
        byte[] set = decode(root.path("SignedEntryTimestamp").asText(""), "SignedEntryTimestamp");
        if (set.length == 0 || !entry.isObject()) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor bundle has no signed entry "
                    + "timestamp");
        }
        byte[] canonical = canonical(entry);
        if (logKeys.stream().noneMatch(key -> verifies(key, canonical, set))) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signed entry timestamp is not signed by "
                    + "a trusted Rekor key");
        }
        requireRecords(decode(entry.path("body").asText(""), "body"), signature, signer, payload);
        return Instant.ofEpochSecond(entry.path("integratedTime").asLong());
    }

    /** The entry's fields in the order and form the log signed them: sorted keys, no spaces. */
    private static byte[] canonical(JsonNode entry) throws SignatureRefusedException {
        if (!entry.path("body").isTextual() || !entry.path("integratedTime").canConvertToExactIntegral()
                || !entry.path("logID").isTextual() || !entry.path("logIndex").canConvertToExactIntegral()) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor entry lacks body, integratedTime, "
                    + "logID or logIndex");
        }
        return canonicalEntry(entry.get("body").asText(), entry.get("integratedTime").asLong(),
                entry.get("logID").asText(), entry.get("logIndex").asLong());
    }

    /**
     * What a Rekor log signs as an entry's signed entry timestamp: its fields in canonical JSON (sorted keys, no
     * spaces), the body base64 and the log ID hex.
     */
    public static byte[] canonicalEntry(String bodyBase64, long integratedTime, String logIdHex, long logIndex) {
        var sorted = JSON.createObjectNode();
        sorted.put("body", bodyBase64);
        sorted.put("integratedTime", integratedTime);
        sorted.put("logID", logIdHex);
        sorted.put("logIndex", logIndex);
        try {
            return JSON.writeValueAsBytes(sorted);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireRecords(byte[] body, byte[] signature, PublicKey signer, byte[] payload)
            throws SignatureRefusedException {
        JsonNode record;
        try {
            record = JSON.readTree(body);
        } catch (IOException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor entry's body is not JSON");
        }
        if (!"hashedrekord".equals(record.path("kind").asText()) || !"0.0.1".equals(record.path("apiVersion")
                .asText())) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor entry is not a hashedrekord 0.0.1");
        }
        JsonNode spec = record.path("spec");
        JsonNode hash = spec.path("data").path("hash");
        boolean sameHash = "sha256".equals(hash.path("algorithm").asText())
                && Digest.sha256(payload).hex().equals(hash.path("value").asText());
        boolean sameSignature = MessageDigest.isEqual(signature, decode(spec.path("signature").path("content")
                .asText(""), "signature"));
        boolean sameKey = recordedKey(spec.path("signature").path("publicKey").path("content").asText(""))
                .map(recorded -> MessageDigest.isEqual(recorded.getEncoded(), signer.getEncoded())).orElse(false);
        if (!sameHash || !sameSignature || !sameKey) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor entry records another "
                    + (!sameHash ? "payload" : !sameSignature ? "signature" : "key or certificate"));
        }
    }

    private static java.util.Optional<PublicKey> recordedKey(String base64) throws SignatureRefusedException {
        try {
            return java.util.Optional.of(PublicKeys.ofKeyOrCertificate("the Rekor entry's key", new String(
                    decode(base64, "publicKey"), StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(data);
            return ecdsa.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decode(String base64, String what) throws SignatureRefusedException {
        try {
            return Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the Rekor " + what + " is not base64");
        }
    }
}
