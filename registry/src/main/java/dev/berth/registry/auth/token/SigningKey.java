package dev.berth.registry.auth.token;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * An ES256 (ECDSA on P-256 with SHA-256) key that signs tokens, named by its {@code kid}: the first 16 bytes of the
 * SHA-256 of its public key, base64url.
 *
 * @param kid       the key's id, as token headers carry it
 * @param keys      the key pair
 * @param createdAt when it was made; keys are replaced after a while, and kept for checking until their tokens expire
 */
public record SigningKey(String kid, KeyPair keys, Instant createdAt) {

    public static SigningKey generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return of(generator.generateKeyPair(), now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    public static SigningKey of(KeyPair keys, Instant createdAt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
            String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
            return new SigningKey(kid, keys, createdAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
