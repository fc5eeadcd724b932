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
import java.util.Optional;
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
            "fulcio", "pki", "keyless", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData",
            "rekorPublicKeyDatas",
            "signedIdentity", "signedManifest");

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
            case "notationSigned" -> {
                only(node, where, Set.of("type", "trustPolicyPath", "trustStorePath", "signedManifest"));
                yield new Requirement.NotationSigned(text(node, "trustPolicyPath", where),
                        text(node, "trustStorePath", where), signedManifest(node, where));
            }
            case "signedBaseLayer" -> {
                only(node, where, Set.of("type", "baseLayerIdentity"));
                yield new Requirement.SignedBaseLayer(identity(node.get("baseLayerIdentity"),
                        where + ".baseLayerIdentity"));
            }
            default -> throw error(where, "has an unknown type \"" + type + "\" (insecureAcceptAnything, reject, "
                    + "signedBy, sigstoreSigned, and Berth's notationSigned)");
        };
    }

    private Requirement signedBy(JsonNode node, String where) {
        only(node, where, Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity",
                "signedManifest"));
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
        return new Requirement.SignedBy(keyType, keySource(node, where, "key").orElseThrow(),
                signedIdentity(node, where), signedManifest(node, where));
    }

    private Requirement sigstoreSigned(JsonNode node, String where) {
        only(node, where, SIGSTORE_KEYS);
        List<String> signers = List.of("keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki", "keyless")
                .stream().filter(node::has).toList();
        if (signers.size() != 1) {
            throw error(where, "needs exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio, pki and keyless "
                    + "(Berth's), not " + signers);
        }
        Requirement.Signer signer = switch (signers.getFirst()) {
            case "fulcio" -> fulcio(node.get("fulcio"), where + ".fulcio");
            case "pki" -> pki(node.get("pki"), where + ".pki");
            case "keyless" -> keyless(node.get("keyless"), where + ".keyless");
            default -> new Requirement.Signer.PublicKeys(keySource(node, where, "key").orElseThrow());
        };
        Optional<Requirement.KeySource> rekor = keySource(node, where, "rekorPublicKey");
        if (signer instanceof Requirement.Signer.Fulcio && rekor.isEmpty()) {
            throw error(where, "uses fulcio, which needs one of rekorPublicKeyPath, rekorPublicKeyPaths, "
                    + "rekorPublicKeyData and rekorPublicKeyDatas");
        }
        return new Requirement.SigstoreSigned(signer, rekor, signedIdentity(node, where),
                signedManifest(node, where));
    }

    private Requirement.Signer fulcio(JsonNode node, String where) {
        only(node, where, Set.of("caPath", "caData", "oidcIssuer", "subjectEmail"));
        return new Requirement.Signer.Fulcio(oneSource(node, where, "caPath", "caData"),
                text(node, "oidcIssuer", where), text(node, "subjectEmail", where));
    }

    private Requirement.Signer keyless(JsonNode node, String where) {
        only(node, where, Set.of("trustedRootPath", "trustedRootData", "subject", "issuer"));
        return new Requirement.Signer.Keyless(oneSource(node, where, "trustedRootPath", "trustedRootData"),
                text(node, "subject", where), text(node, "issuer", where));
    }

    private Requirement.Signer pki(JsonNode node, String where) {
        only(node, where, Set.of("caRootsPath", "caRootsData", "caIntermediatesPath", "caIntermediatesData",
                "subjectEmail", "subjectHostname"));
        Optional<Requirement.KeySource> intermediates = Optional.empty();
        if (node.has("caIntermediatesPath") || node.has("caIntermediatesData")) {
            intermediates = Optional.of(oneSource(node, where, "caIntermediatesPath", "caIntermediatesData"));
        }
        String email = node.has("subjectEmail") ? text(node, "subjectEmail", where) : "";
        String hostname = node.has("subjectHostname") ? text(node, "subjectHostname", where) : "";
        if (email.isEmpty() && hostname.isEmpty()) {
            throw error(where, "needs subjectEmail or subjectHostname");
        }
        return new Requirement.Signer.Pki(oneSource(node, where, "caRootsPath", "caRootsData"), intermediates, email,
                hostname);
    }

    /** Exactly one of a path and base64 data. */
    private Requirement.KeySource oneSource(JsonNode node, String where, String path, String data) {
        if (node.has(path) == node.has(data)) {
            throw error(where, "needs exactly one of " + path + " and " + data);
        }
        return node.has(path) ? new Requirement.KeySource.Path(text(node, path, where))
                : new Requirement.KeySource.Data(List.of(base64(text(node, data, where), where + "." + data)));
    }

    /** At most one of {@code <prefix>Path}, {@code Paths}, {@code Data} and {@code Datas}. */
    private Optional<Requirement.KeySource> keySource(JsonNode node, String where, String prefix) {
        List<String> present = List.of("Path", "Paths", "Data", "Datas").stream().map(suffix -> prefix + suffix)
                .filter(node::has).toList();
        if (present.size() > 1) {
            throw error(where, "has more than one of " + present);
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        String key = present.getFirst();
        String at = where + "." + key;
        return Optional.of(switch (key.substring(prefix.length())) {
            case "Path" -> new Requirement.KeySource.Path(text(node, key, where));
            case "Paths" -> new Requirement.KeySource.Paths(texts(node.get(key), at));
            case "Data" -> new Requirement.KeySource.Data(List.of(base64(text(node, key, where), at)));
            default -> new Requirement.KeySource.Data(texts(node.get(key), at).stream().map(text -> base64(text, at))
                    .toList());
        });
    }

    /** Berth's {@code signedManifest}: {@code platform} (the default) or {@code index}. */
    private Requirement.SignedManifest signedManifest(JsonNode node, String where) {
        if (!node.has("signedManifest")) {
            return Requirement.SignedManifest.PLATFORM;
        }
        return switch (text(node, "signedManifest", where)) {
            case "platform" -> Requirement.SignedManifest.PLATFORM;
            case "index" -> Requirement.SignedManifest.INDEX;
            default -> throw error(where, "has a signedManifest that is neither platform nor index");
        };
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
