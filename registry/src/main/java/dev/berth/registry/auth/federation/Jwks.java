package dev.berth.registry.auth.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.watch.InvalidFileException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON Web Key Set (RFC 7517) as identity providers publish it: the signing keys by key id, RSA and EC (P-256,
 * P-384). Keys for other uses ({@code use} other than {@code sig}) and of other types are skipped.
 *
 * @param keys the public keys by {@code kid}
 */
public record Jwks(Map<String, PublicKey> keys) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Jwks {
        keys = Map.copyOf(keys);
    }

    /** The key a token's header names; a token without {@code kid} may use the only key of a one-key set. */
    public Optional<PublicKey> key(String kid) {
        if (kid == null) {
            return keys.size() == 1 ? keys.values().stream().findFirst() : Optional.empty();
        }
        return Optional.ofNullable(keys.get(kid));
    }

    /**
     * Reads a key set; {@code source} names it in errors.
     *
     * @throws InvalidFileException if it is no JSON key set, or a key in it cannot be read
     */
    public static Jwks parse(String source, String text) throws InvalidFileException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(source + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new InvalidFileException(source + ": not a JSON Web Key Set (no \"keys\" array)");
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode key : root.get("keys")) {
            String kid = key.path("kid").asText("key-" + index++);
            if (!key.path("use").asText("sig").equals("sig")) {
                continue;
            }
            try {
                switch (key.path("kty").asText()) {
                    case "RSA" -> keys.put(kid, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            number(key, "n"), number(key, "e"))));
                    case "EC" -> keys.put(kid, ec(key));
                    default -> {
                        // Other key types (oct, OKP) are not used to sign the tokens Berth accepts.
                    }
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new InvalidFileException(source + ": key " + kid + " cannot be read: " + e.getMessage());
            }
        }
        return new Jwks(keys);
    }

    private static PublicKey ec(JsonNode key) throws GeneralSecurityException {
        String curve = switch (key.path("crv").asText()) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            default -> throw new IllegalArgumentException("curve " + key.path("crv").asText() + " is not P-256 or "
                    + "P-384");
        };
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(number(key, "x"), number(key, "y")), spec));
    }

    private static BigInteger number(JsonNode key, String field) {
        String value = key.path(field).asText(null);
        if (value == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(value));
    }
}
