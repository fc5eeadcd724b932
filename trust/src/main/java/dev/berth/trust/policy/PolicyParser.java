package dev.berth.trust.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads containers-policy.json(5) as strictly as containers/image does: unknown or duplicate keys, a missing
 * {@code default}, an empty requirement list, or a requirement that is not well-formed make the whole policy an
 * error, naming the place in the file.
 */
public final class PolicyParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> KEY_TYPES = Set.of("GPGKeys", "signedByGPGKeys", "X509Certificates",
            "signedByX509CAs");
    private static final Set<String> SIGSTORE_KEYS = Set.of("type", "keyPath", "keyPaths", "keyData", "keyDatas",
            "fulcio", "pki", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas",
            "signedIdentity");

    private final String source;

    private PolicyParser(String source) {
        this.source = source;
    }

    /**
     * Reads a policy; {@code source} names the file in errors.
     *
     * @throws IllegalArgumentException naming the place that is wrong and what was expected
     */
    public static Policy parse(String source, byte[] json) {
        return new PolicyParser(source).policy(json);
    }

    private Policy policy(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw error("", "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        only(root, "", Set.of("default", "transports"));
        if (!root.has("default")) {
            throw error("", "has no \"default\" requirements; the global default is mandatory");
        }
        List<Requirement> defaults = requirements(root.get("default"), "default");
        Map<String, Map<String, List<Requirement>>> transports = new LinkedHashMap<>();
        JsonNode written = root.path("transports");
        if (!written.isMissingNode()) {
            object(written, "transports");
            for (Map.Entry<String, JsonNode> transport : written.properties()) {
                String where = "transports." + transport.getKey();
                object(transport.getValue(), where);
                Map<String, List<Requirement>> scopes = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> scope : transport.getValue().properties()) {
                    scopes.put(scope.getKey(), requirements(scope.getValue(), where + "[\"" + scope.getKey()
                            + "\"]"));
                }
                transports.put(transport.getKey(), scopes);
            }
        }
        return new Policy(defaults, transports);
    }

    private List<Requirement> requirements(JsonNode node, String where) {
        if (!node.isArray() || node.isEmpty()) {
            throw error(where, "is not a non-empty list of requirements");
        }
        List<Requirement> requirements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            requirements.add(requirement(node.get(i), where + "[" + i + "]"));
        }
        return requirements;
    }

    private Requirement requirement(JsonNode node, String where) {
        object(node, where);
        String type = text(node, "type", where);
        return switch (type) {
            case "insecureAcceptAnything" -> {
                only(node, where, Set.of("type"));
                yield new Requirement.InsecureAcceptAnything();
            }
            case "reject" -> {
                only(node, where, Set.of("type"));
                yield new Requirement.Reject();
            }
            case "signedBy" -> signedBy(node, where);
            case "sigstoreSigned" -> sigstoreSigned(node, where);
            case "signedBaseLayer" -> {
                only(node, where, Set.of("type", "baseLayerIdentity"));
                yield new Requirement.SignedBaseLayer(identity(node.get("baseLayerIdentity"),
                        where + ".baseLayerIdentity"));
            }
            default -> throw error(where, "has an unknown type \"" + type + "\" (insecureAcceptAnything, reject, "
                    + "signedBy, sigstoreSigned)");
        };
    }

    private Requirement signedBy(JsonNode node, String where) {
        only(node, where, Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"));
        String keyType = text(node, "keyType", where);
        if (!KEY_TYPES.contains(keyType)) {
            throw error(where, "has an unknown keyType \"" + keyType + "\" (GPGKeys)");
        }
        List<String> present = new ArrayList<>();
        for (String key : List.of("keyPath", "keyPaths", "keyData")) {
            if (node.has(key)) {
                present.add(key);
            }
        }
        if (present.size() != 1) {
            throw error(where, "needs exactly one of keyPath, keyPaths and keyData, not " + present);
        }
        Requirement.KeySource keys = switch (present.getFirst()) {
            case "keyPath" -> new Requirement.KeySource.Path(text(node, "keyPath", where));
            case "keyPaths" -> new Requirement.KeySource.Paths(texts(node.get("keyPaths"), where + ".keyPaths"));
            default -> new Requirement.KeySource.Data(base64(text(node, "keyData", where), where + ".keyData"));
        };
        return new Requirement.SignedBy(keyType, keys, signedIdentity(node, where));
    }

    private Requirement sigstoreSigned(JsonNode node, String where) {
        only(node, where, SIGSTORE_KEYS);
        long sources = List.of("keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki").stream()
                .filter(node::has).count();
        if (sources != 1) {
            throw error(where, "needs exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki");
        }
        Map<String, Object> fields = JSON.convertValue(node, JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        fields.remove("signedIdentity");
        return new Requirement.SigstoreSigned(fields, signedIdentity(node, where));
    }

    private IdentityRequirement signedIdentity(JsonNode node, String where) {
        return node.has("signedIdentity") ? identity(node.get("signedIdentity"), where + ".signedIdentity")
                : new IdentityRequirement.MatchRepoDigestOrExact();
    }

    private IdentityRequirement identity(JsonNode node, String where) {
        object(node, where);
        String type = text(node, "type", where);
        return switch (type) {
            case "matchExact" -> onlyType(node, where, new IdentityRequirement.MatchExact());
            case "matchRepoDigestOrExact" -> onlyType(node, where, new IdentityRequirement.MatchRepoDigestOrExact());
            case "matchRepository" -> onlyType(node, where, new IdentityRequirement.MatchRepository());
            case "exactReference" -> {
                only(node, where, Set.of("type", "dockerReference"));
                Reference reference = reference(text(node, "dockerReference", where), where);
                if (reference.tag() == null && reference.digest() == null) {
                    throw error(where, "dockerReference needs a tag or digest");
                }
                yield new IdentityRequirement.ExactReference(reference);
            }
            case "exactRepository" -> {
                only(node, where, Set.of("type", "dockerRepository"));
                yield new IdentityRequirement.ExactRepository(reference(text(node, "dockerRepository", where),
                        where));
            }
            case "remapIdentity" -> {
                only(node, where, Set.of("type", "prefix", "signedPrefix"));
                yield new IdentityRequirement.RemapIdentity(text(node, "prefix", where),
                        text(node, "signedPrefix", where));
            }
            default -> throw error(where, "has an unknown identity type \"" + type + "\"");
        };
    }

    private IdentityRequirement onlyType(JsonNode node, String where, IdentityRequirement requirement) {
        only(node, where, Set.of("type"));
        return requirement;
    }

    private Reference reference(String text, String where) {
        try {
            return Reference.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(where, e.getMessage());
        }
    }

    private void only(JsonNode node, String where, Set<String> keys) {
        object(node, where);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw error(where, "has an unknown key \"" + name + "\"");
            }
        }
    }

    private void object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw error(where, "is not a JSON object");
        }
    }

    private String text(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual()) {
            throw error(where, "needs \"" + key + "\" as a string");
        }
        return value.asText();
    }

    private List<String> texts(JsonNode node, String where) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw error(where, "is not a non-empty list of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw error(where, "is not a list of strings");
            }
            texts.add(value.asText());
        }
        return texts;
    }

    private byte[] base64(String text, String where) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw error(where, "is not base64");
        }
    }

    private IllegalArgumentException error(String where, String message) {
        return new IllegalArgumentException(source + (where.isEmpty() ? "" : ": " + where) + " " + message);
    }
}
