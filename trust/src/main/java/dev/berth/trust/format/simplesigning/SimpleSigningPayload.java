package dev.berth.trust.format.simplesigning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import java.time.Instant;

/** Writes the simple-signing payload a signature covers, in the layouts containers/image and cosign write. */
public final class SimpleSigningPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimpleSigningPayload() {
    }

    /**
     * The GPG payload ({@link UntrustedSimpleSigning#TYPE}) that says the manifest with this digest is the image
     * known as {@code dockerReference}.
     *
     * @param creator   the tool that signs, as {@code optional.creator}
     * @param timestamp when, as {@code optional.timestamp}
     */
    public static byte[] write(String dockerReference, Digest manifestDigest, String creator, Instant timestamp) {
        ObjectNode optional = JSON.createObjectNode();
        optional.put("creator", creator);
        optional.put("timestamp", timestamp.getEpochSecond());
        return payload(UntrustedSimpleSigning.TYPE, dockerReference, manifestDigest, optional);
    }

    /** cosign's payload ({@link UntrustedSimpleSigning#COSIGN_TYPE}), with {@code "optional": null} as cosign has. */
    public static byte[] cosign(String dockerReference, Digest manifestDigest) {
        return payload(UntrustedSimpleSigning.COSIGN_TYPE, dockerReference, manifestDigest, null);
    }

    private static byte[] payload(String type, String dockerReference, Digest manifestDigest, ObjectNode optional) {
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode critical = payload.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", type);
        payload.set("optional", optional == null ? JSON.nullNode() : optional);
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings is always written", e);
        }
    }
}
