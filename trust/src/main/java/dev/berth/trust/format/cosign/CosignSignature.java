package dev.berth.trust.format.cosign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cosign signature as its legacy layout stores it: a layer of the {@code sha256-<hex>.sig} manifest whose blob is
 * the simple-signing payload and whose annotations carry the base64 signature
 * ({@code dev.cosignproject.cosign/signature}) and, optionally, the certificate, chain and Rekor bundle. Parsed only:
 * nothing here is trusted until verified.
 *
 * @param mediaType   the layer's media type; only {@link #MEDIA_TYPE} is a signature
 * @param payload     the signed bytes
 * @param signature   the signature's bytes (ASN.1 DER for ECDSA)
 * @param annotations every annotation of the layer
 */
public record CosignSignature(String mediaType, byte[] payload, byte[] signature, Map<String, String> annotations) {

    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

    private static final byte[] SIGSTORE_JSON_PREFIX = "\u0000sigstore-json\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    public CosignSignature {
        annotations = Map.copyOf(annotations);
    }

    /** A layer of a {@code .sig} manifest, from its media type, blob and annotations. */
    public static CosignSignature ofLayer(String mediaType, byte[] blob, Map<String, String> annotations) {
        String encoded = annotations.get(SIGNATURE_ANNOTATION);
        if (encoded == null) {
            throw new IllegalArgumentException("the layer has no " + SIGNATURE_ANNOTATION + " annotation");
        }
        try {
            return new CosignSignature(mediaType, blob, Base64.getDecoder().decode(encoded.replaceAll("\\s", "")),
                    annotations);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + SIGNATURE_ANNOTATION + " annotation is not base64");
        }
    }

    /**
     * A signature as containers/image stores it beside an image ({@code dir:} images, lookaside): the bytes
     * {@code \0sigstore-json\n}, then {@code {"mimeType", "payload" (base64), "annotations"}}.
     */
    public static CosignSignature fromSigstoreJson(byte[] stored) {
        if (stored.length < SIGSTORE_JSON_PREFIX.length
                || !Arrays.equals(stored, 0, SIGSTORE_JSON_PREFIX.length, SIGSTORE_JSON_PREFIX, 0,
                SIGSTORE_JSON_PREFIX.length)) {
            throw new IllegalArgumentException("not a stored sigstore signature (no \\0sigstore-json prefix)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(Arrays.copyOfRange(stored, SIGSTORE_JSON_PREFIX.length, stored.length));
        } catch (IOException e) {
            throw new IllegalArgumentException("the stored sigstore signature is not JSON");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        json.path("annotations").properties().forEach(entry -> annotations.put(entry.getKey(),
                entry.getValue().asText()));
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(json.path("payload").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the stored sigstore signature's payload is not base64");
        }
        return ofLayer(json.path("mimeType").asText(""), payload, annotations);
    }
}
