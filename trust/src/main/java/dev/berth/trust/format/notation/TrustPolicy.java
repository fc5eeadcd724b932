package dev.berth.trust.format.notation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.trust.format.StrictJson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notation's {@code trustpolicy.json} (version 1.0, OCI): statements that say, for repositories, how strictly
 * signatures are verified, which trust stores anchor them and which signer identities are trusted.
 *
 * @param statements the statements, each for its registry scopes (or {@code *}, the rest)
 */
public record TrustPolicy(List<Statement> statements) {

    public TrustPolicy {
        statements = List.copyOf(statements);
    }

    /** The checks of a Notary signature, in the order they are made. */
    public enum Check {
        INTEGRITY, AUTHENTICITY, AUTHENTIC_TIMESTAMP, EXPIRY, REVOCATION
    }

    /** What a failed check does. */
    public enum Action {
        ENFORCE, LOG, SKIP
    }

    /**
     * One statement.
     *
     * @param name              its name, as refusals give it
     * @param scopes            {@code registry/repository} names, or {@code *}
     * @param actions           what each check's failure does (from the level and its overrides)
     * @param trustStores       {@code ca:NAME}, {@code signingAuthority:NAME}, {@code tsa:NAME}
     * @param trustedIdentities {@code *}, or the subjects ({@code attribute → value}) a signer's certificate may have
     */
    public record Statement(String name, List<String> scopes, Map<Check, Action> actions, List<String> trustStores,
                            List<Map<String, String>> trustedIdentities, boolean anyIdentity) {

        public Statement {
            scopes = List.copyOf(scopes);
            actions = Map.copyOf(actions);
            trustStores = List.copyOf(trustStores);
            trustedIdentities = List.copyOf(trustedIdentities);
        }

        /** Whether nothing is verified under this statement (level {@code skip}). */
        public boolean skips() {
            return actions.values().stream().allMatch(Action.SKIP::equals);
        }
    }

    /** The statement for a repository ({@code registry/repository}): the one naming it, else the {@code *} one. */
    public Optional<Statement> forRepository(String repository) {
        return statements.stream().filter(statement -> statement.scopes().contains(repository)).findFirst()
                .or(() -> statements.stream().filter(statement -> statement.scopes().contains("*")).findFirst());
    }

    /**
     * Parses a trust policy.
     *
     * @throws IllegalArgumentException naming the statement and what is wrong
     */
    public static TrustPolicy parse(String source, byte[] bytes) {
        StrictJson json = new StrictJson(source);
        JsonNode root = json.read(bytes);
        json.only(root, "", Set.of("version", "trustPolicies"));
        if (!"1.0".equals(json.text(root, "version", ""))) {
            throw json.error("", "has version " + root.path("version").asText() + "; 1.0 is known");
        }
        List<Statement> statements = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> scopes = new HashSet<>();
        for (JsonNode node : json.array(root, "trustPolicies", "")) {
            String where = "trustPolicies[" + statements.size() + "]";
            json.only(node, where, Set.of("name", "registryScopes", "signatureVerification", "trustStores",
                    "trustedIdentities"));
            String name = json.text(node, "name", where);
            if (!names.add(name)) {
                throw json.error(where, "repeats the name " + name);
            }
            List<String> statementScopes = texts(json, node, "registryScopes", where);
            for (String scope : statementScopes) {
                if (!scopes.add(scope)) {
                    throw json.error(where, "has the registry scope " + scope + ", which another statement has");
                }
                int slash = scope.indexOf('/');
                if (!scope.equals("*") && (slash <= 0 || scope.contains("*") || scope.contains("@")
                        || scope.substring(slash).contains(":"))) {
                    throw json.error(where, "has a registry scope that is neither * nor registry/repository: "
                            + scope);
                }
            }
            if (statementScopes.isEmpty() || statementScopes.contains("*") && statementScopes.size() > 1) {
                throw json.error(where, "needs registryScopes: * alone, or registry/repository names");
            }
            Map<Check, Action> actions = actions(json, node.get("signatureVerification"), where);
            boolean skip = actions.values().stream().allMatch(Action.SKIP::equals);
            List<String> stores = texts(json, node, "trustStores", where);
            List<String> identities = texts(json, node, "trustedIdentities", where);
            if (!skip && (stores.isEmpty() || identities.isEmpty())) {
                throw json.error(where, "needs trustStores and trustedIdentities (unless its level is skip)");
            }
            for (String store : stores) {
                if (!store.matches("(ca|signingAuthority|tsa):[A-Za-z0-9_.-]+")) {
                    throw json.error(where, "has a trust store that is not ca:NAME, signingAuthority:NAME or "
                            + "tsa:NAME: " + store);
                }
            }
            boolean any = identities.contains("*");
            if (any && identities.size() > 1) {
                throw json.error(where, "lists * among other trusted identities");
            }
            List<Map<String, String>> subjects = new ArrayList<>();
            if (!any) {
                for (String identity : identities) {
                    subjects.add(subject(json, identity, where));
                }
            }
            statements.add(new Statement(name, statementScopes, actions, stores, subjects, any));
        }
        return new TrustPolicy(statements);
    }

    private static Map<Check, Action> actions(StrictJson json, JsonNode node, String where) {
        json.only(node, where + ".signatureVerification", Set.of("level", "override", "verifyTimestamp"));
        String level = json.text(node, "level", where + ".signatureVerification");
        Map<Check, Action> actions = new EnumMap<>(Check.class);
        for (Check check : Check.values()) {
            actions.put(check, switch (level) {
                case "strict" -> Action.ENFORCE;
                case "permissive" -> check == Check.INTEGRITY || check == Check.AUTHENTICITY ? Action.ENFORCE
                        : Action.LOG;
                case "audit" -> check == Check.INTEGRITY ? Action.ENFORCE : Action.LOG;
                case "skip" -> Action.SKIP;
                default -> throw json.error(where, "has an unknown level \"" + level + "\" (strict, permissive, "
                        + "audit, skip)");
            });
        }
        JsonNode override = node.get("override");
        if (override != null) {
            json.object(override, where + ".override");
            for (Map.Entry<String, JsonNode> entry : override.properties()) {
                Check check = switch (entry.getKey()) {
                    case "integrity" -> Check.INTEGRITY;
                    case "authenticity" -> Check.AUTHENTICITY;
                    case "authenticTimestamp" -> Check.AUTHENTIC_TIMESTAMP;
                    case "expiry" -> Check.EXPIRY;
                    case "revocation" -> Check.REVOCATION;
                    default -> throw json.error(where, "overrides an unknown check " + entry.getKey());
                };
                Action action = switch (entry.getValue().asText()) {
                    case "enforce" -> Action.ENFORCE;
                    case "log" -> Action.LOG;
                    case "skip" -> Action.SKIP;
                    default -> throw json.error(where, "overrides " + entry.getKey() + " with an unknown action "
                            + entry.getValue());
                };
                if (check == Check.INTEGRITY || check == Check.AUTHENTICITY && action == Action.SKIP) {
                    throw json.error(where, "cannot override " + entry.getKey() + " to " + entry.getValue().asText());
                }
                actions.put(check, action);
            }
        }
        return actions;
    }

    /** {@code x509.subject: C=US, ST=WA, O=Notary, CN=e2e} as attributes, which must name at least C, ST and O. */
    private static Map<String, String> subject(StrictJson json, String identity, String where) {
        String prefix = "x509.subject:";
        if (!identity.startsWith(prefix)) {
            throw json.error(where, "has a trusted identity that is not * nor x509.subject: …: " + identity);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String part : identity.substring(prefix.length()).split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0 || attributes.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip())
                    != null) {
                throw json.error(where, "has a malformed or repeated attribute in the trusted identity " + identity);
            }
        }
        for (String required : List.of("C", "ST", "O")) {
            if (!attributes.containsKey(required)) {
                throw json.error(where, "has a trusted identity without " + required + ": " + identity);
            }
        }
        return attributes;
    }

    private static List<String> texts(StrictJson json, JsonNode node, String key, String where) {
        List<String> texts = new ArrayList<>();
        for (JsonNode value : json.array(node, key, where)) {
            if (!value.isTextual()) {
                throw json.error(where, "has a " + key + " that is not a list of strings");
            }
            texts.add(value.asText());
        }
        return texts;
    }
}
