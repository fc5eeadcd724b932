package dev.berth.trust.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading of untrusted JSON documents where two readers must never disagree: duplicate keys, unknown keys and wrong
 * types are errors naming the place ({@code verificationMaterial.tlogEntries[0].logIndex}); protobuf's JSON
 * conventions (64-bit integers as strings, bytes as base64) are understood.
 */
public final class StrictJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final String document;

    /** @param document what the document is, as errors name it ({@code the bundle}) */
    public StrictJson(String document) {
        this.document = document;
    }

    public JsonNode read(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            object(root, "");
            return root;
        } catch (IOException e) {
            throw error("", "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    public void object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw error(where, "is not a JSON object");
        }
    }

    /** The node is an object with no keys but these. */
    public void only(JsonNode node, String where, Set<String> keys) {
        object(node, where);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw error(where, "has an unknown key \"" + name + "\"");
            }
        }
    }

    public String text(JsonNode node, String key, String where) {
        return optionalText(node, key, where).orElseThrow(() -> error(where, "needs \"" + key + "\""));
    }

    public Optional<String> optionalText(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw error(where, "has a \"" + key + "\" that is not a string");
        }
        return Optional.of(value.asText());
    }

    /** Base64 bytes (protobuf's {@code bytes}); standard or URL-safe alphabet, padded or not. */
    public byte[] bytes(JsonNode node, String key, String where) {
        String text = text(node, key, where);
        try {
            return text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw error(where, "has a \"" + key + "\" that is not base64");
        }
    }

    /** A protobuf int64: a JSON string or number holding an integer. */
    public long int64(JsonNode node, String key, String where) {
        return optionalInt64(node, key, where).orElseThrow(() -> error(where, "needs \"" + key + "\""));
    }

    public Optional<Long> optionalInt64(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            if (value.isTextual()) {
                return Optional.of(Long.parseLong(value.asText()));
            }
            if (value.canConvertToExactIntegral() && value.canConvertToLong()) {
                return Optional.of(value.asLong());
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw error(where, "has a \"" + key + "\" that is not an integer");
    }

    /** The elements of an array (an absent key is an empty array). */
    public List<JsonNode> array(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(where, "has a \"" + key + "\" that is not a list");
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    public IllegalArgumentException error(String where, String message) {
        return new IllegalArgumentException(document + (where.isEmpty() ? "" : " " + where) + " " + message);
    }
}
