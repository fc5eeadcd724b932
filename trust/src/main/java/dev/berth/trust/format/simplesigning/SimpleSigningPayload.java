package dev.berth.trust.format.simplesigning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import java.time.Instant;

/** Writes the simple-signing payload a signature covers, in the layout containers/image writes. */
public final class SimpleSigningPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimpleSigningPayload() {
    }

    /**
     * The payload that says the manifest with this digest is the image known as {@code dockerReference}.
     *
     * @param creator   the tool that signs, as {@code optional.creator}
     * @param timestamp when, as {@code optional.timestamp}
     */
    public static byte[] write(String dockerReference, Digest manifestDigest, String creator, Instant timestamp) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode critical = payload.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", UntrustedSimpleSigning.TYPE);
        ObjectNode optional = payload.putObject("optional");
        optional.put("creator", creator);
        optional.put("timestamp", timestamp.getEpochSecond());
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings is always written", e);
        }
    }
}
