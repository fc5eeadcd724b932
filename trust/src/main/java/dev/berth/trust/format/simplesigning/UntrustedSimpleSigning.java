package dev.berth.trust.format.simplesigning;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A simple-signing payload ("atomic container signature", containers-signature(5)), as read: untrusted in what it
 * says until the caller has compared it with the image. Read strictly, as containers/image reads it: duplicate keys,
 * unknown top-level or critical keys, a wrong type, or a reference or digest that does not parse are errors, since
 * two readers must never disagree on what was signed.
 *
 * @param dockerReference the image reference the signer meant ({@code critical.identity.docker-reference})
 * @param manifestDigest  the digest of the signed manifest ({@code critical.image.docker-manifest-digest})
 * @param creator         {@code optional.creator}, the tool that signed
 * @param timestamp       {@code optional.timestamp}, when it says it signed
 */
public record UntrustedSimpleSigning(String dockerReference, Digest manifestDigest, Optional<String> creator,
                                     Optional<Instant> timestamp) {

    /** The type of GPG simple signing payloads. */
    public static final String TYPE = "atomic container signature";
    /** The type of cosign's payloads, which are simple signing otherwise. */
    public static final String COSIGN_TYPE = "cosign container image signature";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Reads a payload a trusted key signed.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static UntrustedSimpleSigning parse(byte[] payload) {
        return parse(payload, TYPE);
    }

    /**
     * Reads a payload of the given {@code critical.type} (GPG's {@link #TYPE} or cosign's {@link #COSIGN_TYPE}).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static UntrustedSimpleSigning parse(byte[] payload, String type) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("the payload is not JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        requireOnly(root, "payload", Set.of("critical", "optional"));
        JsonNode critical = required(root, "critical");
        requireOnly(critical, "critical", Set.of("type", "image", "identity"));
        if (!type.equals(text(critical, "type"))) {
            throw new IllegalArgumentException("critical.type is '" + text(critical, "type") + "', not '" + type + "'");
        }
        JsonNode image = required(critical, "image");
        requireOnly(image, "critical.image", Set.of("docker-manifest-digest"));
        JsonNode identity = required(critical, "identity");
        requireOnly(identity, "critical.identity", Set.of("docker-reference"));
        String reference = text(identity, "docker-reference");
        Reference.parse(reference);   // throws, naming what is wrong, if it is no reference
        Digest digest = Digest.parse(text(image, "docker-manifest-digest"));
        JsonNode optional = root.path("optional");
        Optional<String> creator = Optional.empty();
        Optional<Instant> timestamp = Optional.empty();
        if (!optional.isMissingNode() && !optional.isNull()) {   // cosign writes "optional": null
            if (!optional.isObject()) {
                throw new IllegalArgumentException("optional is not an object");
            }
            if (optional.has("creator")) {
                creator = Optional.of(text(optional, "creator"));
            }
            if (optional.has("timestamp")) {
                if (!optional.get("timestamp").canConvertToExactIntegral()) {
                    throw new IllegalArgumentException("optional.timestamp is not a whole number of seconds");
                }
                timestamp = Optional.of(Instant.ofEpochSecond(optional.get("timestamp").asLong()));
            }
        }
        return new UntrustedSimpleSigning(reference, digest, creator, timestamp);
    }

    private static void requireOnly(JsonNode node, String where, Set<String> keys) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw new IllegalArgumentException(where + " has an unknown key '" + name + "'");
            }
        }
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the payload has no " + key);
        }
        return value;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = required(node, key);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " is not a string");
        }
        return value.asText();
    }
}
