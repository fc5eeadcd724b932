package dev.berth.trust.format.dsse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A DSSE envelope (Dead Simple Signing Envelope): a typed payload and signatures over its pre-authentication
 * encoding, never over the payload alone, so that a signature cannot be replayed under another type.
 *
 * @param payloadType the payload's media type ({@code application/vnd.in-toto+json})
 * @param payload     the signed bytes
 * @param signatures  the signatures, each with an optional key ID hint
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {

    /** The in-toto statement's payload type. */
    public static final String IN_TOTO = "application/vnd.in-toto+json";

    public DsseEnvelope {
        signatures = List.copyOf(signatures);
    }

    /** One signature, with the key ID the signer gave (possibly empty). */
    public record Signature(String keyId, byte[] signature) {
    }

    /** What is signed: {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}. */
    public byte[] preAuthenticationEncoding() {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
