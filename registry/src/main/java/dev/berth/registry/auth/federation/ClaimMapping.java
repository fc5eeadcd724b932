package dev.berth.registry.auth.federation;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Puts the identities whose token claims match into a group, which access rules grant to: for example
 * {@code repository: org/app} and {@code ref: refs/heads/main} for the pipelines of one GitHub repository's main
 * branch. Every claim named must match; a value may use {@code *} for any run of characters.
 *
 * @param group  the group the identity joins
 * @param claims each claim's expected value, as a glob
 */
public record ClaimMapping(String group, Map<String, String> claims) {

    public ClaimMapping {
        claims = Map.copyOf(claims);
    }

    boolean matches(Map<String, Object> token) {
        for (Map.Entry<String, String> claim : claims.entrySet()) {
            Object value = token.get(claim.getKey());
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)
                    || !glob(claim.getValue()).matcher(String.valueOf(value)).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
