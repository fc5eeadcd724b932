package dev.berth.registry.auth.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An identity provider made by the test: its keys, its key set as JSON, and tokens it signs. */
public final class TestIdentityProvider {

    public static final String ISSUER = "https://token.actions.example.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, KeyPair> keys = new LinkedHashMap<>();

    /** Adds an RSA (2048) or EC (P-256) key with this id. */
    public TestIdentityProvider withKey(String kid, String type) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (type.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        keys.put(kid, generator.generateKeyPair());
        return this;
    }

    /** The key set, as the provider's JWKS URL answers it. */
    public String jwks() throws Exception {
        List<Map<String, String>> list = new ArrayList<>();
        for (Map.Entry<String, KeyPair> key : keys.entrySet()) {
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("kid", key.getKey());
            jwk.put("use", "sig");
            if (key.getValue().getPublic() instanceof RSAPublicKey rsa) {
                jwk.put("kty", "RSA");
                jwk.put("n", number(rsa.getModulus(), 0));
                jwk.put("e", number(rsa.getPublicExponent(), 0));
            } else if (key.getValue().getPublic() instanceof ECPublicKey ec) {
                jwk.put("kty", "EC");
                jwk.put("crv", "P-256");
                jwk.put("x", number(ec.getW().getAffineX(), 32));
                jwk.put("y", number(ec.getW().getAffineY(), 32));
            }
            list.add(jwk);
        }
        return JSON.writeValueAsString(Map.of("keys", list));
    }

    /** A token with these claims, signed by the key with this id (RS256 or ES256, after its type). */
    public String sign(String kid, Map<String, Object> claims) throws Exception {
        KeyPair pair = keys.get(kid);
        boolean rsa = pair.getPublic() instanceof RSAPublicKey;
        return signed(Map.of("alg", rsa ? "RS256" : "ES256", "typ", "JWT", "kid", kid), claims, pair.getPrivate(),
                rsa ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
    }

    /** A token with any header, signed by any key in any JDK algorithm, for tokens that must be refused. */
    static String signed(Map<String, Object> header, Map<String, Object> claims, PrivateKey key, String algorithm)
            throws Exception {
        String signingInput = encode(JSON.writeValueAsBytes(header)) + "." + encode(JSON.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + encode(signature.sign());
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A GitHub Actions token for a workflow of the repository's ref, signed by the first key. */
    public String githubToken(String repository, String ref, String audience) throws Exception {
        return sign(keys.keySet().iterator().next(), githubClaims(repository, ref, audience));
    }

    /** GitHub Actions' claims for a workflow run of a repository's branch, valid for the next five minutes. */
    static Map<String, Object> githubClaims(String repository, String ref, String audience) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "repo:" + repository + ":ref:" + ref);
        claims.put("aud", audience);
        claims.put("repository", repository);
        claims.put("ref", ref);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + 300);
        return claims;
    }

    private static String number(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return encode(bytes);
    }
}
