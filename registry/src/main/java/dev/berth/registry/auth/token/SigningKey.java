package dev.berth.registry.auth.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.math.ec.ECPoint;

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

    /**
     * The key of a P-256 private key configured for every node of a cluster (its public half computed from it), so
     * tokens one node signs are checked by every other.
     *
     * @throws IllegalArgumentException if it is no P-256 key
     */
    public static SigningKey configured(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the token key must be an EC P-256 private key, such as openssl "
                    + "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 writes");
        }
        ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("P-256");
        ECPoint q = p256.getG().multiply(ec.getS()).normalize();
        try {
            PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                            q.getAffineYCoord().toBigInteger()), ec.getParams()));
            return of(new KeyPair(publicKey, key), Instant.EPOCH);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the token key's public half cannot be made: " + e.getMessage(), e);
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
