package dev.berth.trust.verify.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.trust.format.dsse.DsseEnvelope;
import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * That a Rekor entry's body records this bundle's signature: the same signature bytes, the same key (or a certificate
 * with it), and the same artifact digest (hashedrekord) or DSSE payload (dsse, intoto), for the entry kinds of Rekor v1
 * (hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2) and v2 (hashedrekord 0.0.2, dsse 0.0.2).
 */
final class LoggedEntry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoggedEntry() {
    }

    static void requireRecords(Bundle.TransparencyLogEntry entry, Bundle bundle, PublicKey signer)
            throws SignatureRefusedException {
        JsonNode body;
        try {
            body = JSON.readTree(entry.canonicalizedBody());
        } catch (IOException e) {
            throw refused("its body is not JSON");
        }
        if (!entry.kind().equals(body.path("kind").asText()) || !entry.kindVersion().equals(body.path("apiVersion")
                .asText())) {
            throw refused("its body is a " + body.path("kind").asText() + " " + body.path("apiVersion").asText()
                    + ", not the " + entry.kind() + " " + entry.kindVersion() + " the bundle says");
        }
        JsonNode spec = body.path("spec");
        switch (entry.kind() + " " + entry.kindVersion()) {
            case "hashedrekord 0.0.1" -> {
                Bundle.Content.MessageSignature message = message(bundle);
                require(spec.at("/data/hash/algorithm").asText().equals(algorithmName(message.algorithm()))
                        && spec.at("/data/hash/value").asText().equals(HexFormat.of().formatHex(message.digest())),
                        "artifact digest");
                require(same(decode(spec.at("/signature/content")), message.signature()), "signature");
                require(samePem(decode(spec.at("/signature/publicKey/content")), signer), "key or certificate");
            }
            case "hashedrekord 0.0.2" -> {
                JsonNode record = spec.path("hashedRekordV002");
                boolean sameDigest = switch (bundle.content()) {
                    case Bundle.Content.MessageSignature message -> record.at("/data/algorithm").asText()
                            .equals(message.algorithm()) && same(decode(record.at("/data/digest")), message.digest());
                    case Bundle.Content.Envelope dsse -> record.at("/data/algorithm").asText().equals("SHA2_256")
                            && same(decode(record.at("/data/digest")), sha256(dsse.envelope()
                            .preAuthenticationEncoding()));
                };
                require(sameDigest, "digest of what was signed");
                require(same(decode(record.at("/signature/content")), bundle.signature()), "signature");
                require(sameVerifier(record.at("/signature/verifier"), signer), "key or certificate");
            }
            case "dsse 0.0.1" -> {
                DsseEnvelope envelope = envelope(bundle);
                require(spec.at("/payloadHash/value").asText().equals(sha256Hex(envelope.payload())), "payload");
                require(contains(spec.path("signatures"), envelope.signatures().getFirst().signature(), signer,
                        "signature", "verifier"), "signature and key");
            }
            case "dsse 0.0.2" -> {
                DsseEnvelope envelope = envelope(bundle);
                JsonNode record = spec.path("dsseV002");
                require(same(decode(record.at("/payloadHash/digest")), sha256(envelope.payload())), "payload");
                boolean found = false;
                for (JsonNode signature : record.path("signatures")) {
                    found |= same(decode(signature.path("content")), envelope.signatures().getFirst().signature())
                            && sameVerifier(signature.path("verifier"), signer);
                }
                require(found, "signature and key");
            }
            case "intoto 0.0.2" -> {
                DsseEnvelope envelope = envelope(bundle);
                JsonNode content = spec.path("content");
                require(content.at("/payloadHash/value").asText().equals(sha256Hex(envelope.payload())), "payload");
                require(contains(content.at("/envelope/signatures"), envelope.signatures().getFirst().signature(),
                        signer, "sig", "publicKey"), "signature and key");
            }
            default -> throw refused("it is a " + entry.kind() + " " + entry.kindVersion() + " entry, which Berth "
                    + "does not read");
        }
    }

    private static boolean contains(JsonNode signatures, byte[] signature, PublicKey signer, String signatureKey,
                                    String keyKey) {
        for (JsonNode logged : signatures) {
            byte[] bytes = decode(logged.path(signatureKey));
            boolean sameSignature = same(bytes, signature) || same(decode(new String(bytes,
                    StandardCharsets.US_ASCII)), signature);
            if (sameSignature && samePem(decode(logged.path(keyKey)), signer)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameVerifier(JsonNode verifier, PublicKey signer) {
        byte[] der = verifier.has("x509Certificate") ? decode(verifier.at("/x509Certificate/rawBytes"))
                : decode(verifier.at("/publicKey/rawBytes"));
        if (der.length == 0) {
            return false;
        }
        String type = verifier.has("x509Certificate") ? "CERTIFICATE" : "PUBLIC KEY";
        return samePem(("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII), signer);
    }

    private static boolean samePem(byte[] pem, PublicKey signer) {
        try {
            return same(PublicKeys.ofKeyOrCertificate("the logged key", new String(pem, StandardCharsets.US_ASCII))
                    .getEncoded(), signer.getEncoded());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Bundle.Content.MessageSignature message(Bundle bundle) throws SignatureRefusedException {
        if (bundle.content() instanceof Bundle.Content.MessageSignature message) {
            return message;
        }
        throw refused("it records a message signature and the bundle holds a DSSE envelope");
    }

    private static DsseEnvelope envelope(Bundle bundle) throws SignatureRefusedException {
        if (bundle.content() instanceof Bundle.Content.Envelope envelope) {
            return envelope.envelope();
        }
        throw refused("it records a DSSE envelope and the bundle holds a message signature");
    }

    private static String algorithmName(String protobufName) {
        return switch (protobufName) {
            case "SHA2_256" -> "sha256";
            case "SHA2_384" -> "sha384";
            case "SHA2_512" -> "sha512";
            default -> protobufName;
        };
    }

    private static void require(boolean same, String what) throws SignatureRefusedException {
        if (!same) {
            throw refused("it records another " + what + " than the bundle");
        }
    }

    private static SignatureRefusedException refused(String why) {
        return new SignatureRefusedException(Reason.BAD_SIGNATURE, "the transparency-log entry does not match the "
                + "bundle: " + why);
    }

    private static byte[] decode(JsonNode node) {
        return decode(node.asText(""));
    }

    private static byte[] decode(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean same(byte[] a, byte[] b) {
        return a.length > 0 && MessageDigest.isEqual(a, b);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }
}
