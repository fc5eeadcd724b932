package dev.berth.oci.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.json.OciJson;

/**
 * Reads manifest bytes into the model, checking what a registry must check before it stores them: well-formed JSON,
 * schema version 2, a supported media type that agrees with the declared content type, and valid descriptors.
 */
public final class ManifestParser {

    private final ObjectMapper json = OciJson.mapper();

    /**
     * Works out the media type of manifest bytes sent with the given {@code Content-Type} (which may be null or
     * generic) and parses them; the digest is computed with the given algorithm.
     */
    public ParsedManifest parse(byte[] bytes, String contentType, DigestAlgorithm algorithm)
            throws InvalidManifestException {
        JsonNode tree = readTree(bytes);
        String declared = tree.path("mediaType").isTextual() ? tree.get("mediaType").asText() : null;
        String sent = contentType == null ? null : MediaType.withoutParameters(contentType);
        String mediaType = resolveMediaType(tree, declared, sent);
        RawManifest raw = RawManifest.of(mediaType, bytes, algorithm);
        return new ParsedManifest(raw, toModel(tree, mediaType));
    }

    /** Parses manifest bytes whose media type is already known, such as one read back from storage. */
    public Manifest parse(RawManifest raw) throws InvalidManifestException {
        return toModel(readTree(raw.bytes()), raw.mediaType());
    }

    private JsonNode readTree(byte[] bytes) throws InvalidManifestException {
        try {
            JsonNode tree = json.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new InvalidManifestException("manifest must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidManifestException("manifest could not be read: " + e.getMessage());
        }
    }

    private static String resolveMediaType(JsonNode tree, String declared, String sent)
            throws InvalidManifestException {
        boolean sentSpecific = sent != null && !sent.isEmpty()
                && !sent.equals("application/json") && !sent.equals("application/octet-stream");
        if (sentSpecific && declared != null && !declared.equals(sent)) {
            throw new InvalidManifestException("manifest mediaType '" + declared
                    + "' does not match the Content-Type '" + sent + "' it was sent with");
        }
        String mediaType = sentSpecific ? sent : declared;
        if (mediaType == null) {
            mediaType = tree.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
        }
        if (mediaType.equals(MediaType.DOCKER_MANIFEST_V1) || mediaType.equals(MediaType.DOCKER_MANIFEST_V1_SIGNED)) {
            throw new InvalidManifestException("Docker schema 1 manifests are not supported: push an OCI or "
                    + "Docker schema 2 manifest instead");
        }
        if (!MediaType.isManifest(mediaType)) {
            throw new InvalidManifestException("unsupported manifest media type '" + mediaType + "': expected one of "
                    + MediaType.OCI_MANIFEST + ", " + MediaType.OCI_INDEX + ", " + MediaType.DOCKER_MANIFEST + ", "
                    + MediaType.DOCKER_MANIFEST_LIST);
        }
        return mediaType;
    }

    private Manifest toModel(JsonNode tree, String mediaType) throws InvalidManifestException {
        if (tree.path("schemaVersion").asInt(-1) != 2) {
            throw new InvalidManifestException("manifest schemaVersion must be 2, got " + tree.path("schemaVersion"));
        }
        boolean index = MediaType.isIndex(mediaType);
        String required = index ? "manifests" : "config";
        if (!tree.has(required)) {
            throw new InvalidManifestException("a manifest of type " + mediaType + " needs a '" + required + "' field");
        }
        try {
            return index ? json.treeToValue(tree, ImageIndex.class) : json.treeToValue(tree, ImageManifest.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause instanceof JacksonException j ? j.getOriginalMessage() : cause.getMessage();
            throw new InvalidManifestException("manifest of type " + mediaType + " is malformed: " + message);
        }
    }
}
