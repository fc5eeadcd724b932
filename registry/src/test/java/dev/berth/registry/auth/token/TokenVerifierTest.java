package dev.berth.registry.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Tokens as Berth signs them verify; every kind of forged, altered or stale token is refused, each for its reason. */
class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final SigningKey KEY = SigningKey.generate(NOW);
    private static final SigningKey OTHER_KEY = SigningKey.generate(NOW);
    private static final TokenSigner SIGNER = new TokenSigner();
    private static final TokenVerifier VERIFIER = new TokenVerifier(
            kid -> kid.equals(KEY.kid()) ? Optional.of(KEY.keys().getPublic()) : Optional.<PublicKey>empty(),
            "berth-token-service", "berth", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));

    private static TokenClaims claims(Long issuedAt, Long notBefore, Long expiresAt) {
        return new TokenClaims("berth-token-service", "user:alice", "berth", issuedAt, notBefore, expiresAt, "t-1",
                List.of(new ResourceAccess("repository", "team/app", List.of("pull", "push"))), null, null);
    }

    private static TokenClaims valid() {
        long now = NOW.getEpochSecond();
        return claims(now, now, now + 300);
    }

    @Test
    void aTokenBerthSigned_verifies_withItsClaims() throws Exception {
        TokenClaims verified = VERIFIER.verify(SIGNER.sign(valid(), KEY));
        assertEquals(valid(), verified);
        assertEquals(List.of("pull", "push"), verified.access().getFirst().actions());
    }

    @Test
    void forgedTokens_areRefused() {
        String token = SIGNER.sign(valid(), KEY);
        String[] parts = token.split("\\.");
        String payload = parts[1];
        String noneHeader = Jwt.encode(("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + KEY.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String hmacHeader = Jwt.encode(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String otherKid = SIGNER.sign(valid(), OTHER_KEY);
        String otherKeyOurKid = parts[0] + "." + payload + "." + SIGNER.sign(valid(), OTHER_KEY).split("\\.")[2];
        String altered = parts[0] + "." + Jwt.encode(new String(Jwt.decode(payload), StandardCharsets.UTF_8)
                .replace("team/app", "team/web").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRefused(noneHeader + "." + payload + ".", "algorithm none");
        assertRefused(hmacHeader + "." + payload + "." + hmacWithThePublicKey(hmacHeader + "." + payload),
                "algorithm HS256");
        assertRefused(otherKid, "is not one of this registry's");
        assertRefused(otherKeyOurKid, "signature does not match");
        assertRefused(altered, "signature does not match");
        assertRefused(token + ".", "three dot-separated parts");
        assertRefused("not a token", "three dot-separated parts");
        assertRefused(parts[0] + "." + payload + "." + parts[2] + "=", "cannot be checked");
    }

    @Test
    void staleOrMisdirectedTokens_areRefused() {
        long now = NOW.getEpochSecond();
        assertRefused(SIGNER.sign(claims(now - 600, now - 600, now - 31), KEY), "expired");
        assertRefused(SIGNER.sign(claims(now, now + 31, now + 300), KEY), "not valid yet");
        assertRefused(SIGNER.sign(claims(null, now, now + 300), KEY), "no iat");
        assertRefused(SIGNER.sign(claims(now + 60, now, now + 300), KEY), "no iat, or one in the future");
        assertRefused(SIGNER.sign(new TokenClaims("berth-token-service", "user:alice", "another-registry", now, now,
                now + 300, "t-2", List.of(), null, null), KEY), "audience another-registry");
        assertRefused(SIGNER.sign(new TokenClaims("someone-else", "user:alice", "berth", now, now, now + 300, "t-3",
                List.of(), null, null), KEY), "issuer someone-else");
    }

    @Test
    void withinTheClockSkew_tokensStillVerify() throws Exception {
        long now = NOW.getEpochSecond();
        VERIFIER.verify(SIGNER.sign(claims(now + 20, now + 20, now - 20 + 300), KEY));
        VERIFIER.verify(SIGNER.sign(claims(now - 300, now - 300, now - 20), KEY));
    }

    @Test
    void aTokenThatVerifiedOnce_stillExpires() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        TokenVerifier verifier = new TokenVerifier(kid -> Optional.of(KEY.keys().getPublic()), "berth-token-service",
                "berth", moving, Duration.ofSeconds(30));
        String token = SIGNER.sign(valid(), KEY);
        verifier.verify(token);
        verifier.verify(token);

        now.set(NOW.plusSeconds(300 + 31));
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
        assertEquals("expired", refused.getMessage());
    }

    @Test
    void claimsWithARepeatedKey_areRefused_asTwoReadersCouldDisagreeOnThem() throws Exception {
        String token = SIGNER.sign(valid(), KEY);
        String[] parts = token.split("\\.");
        String doubled = new String(Jwt.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"user:alice\"", "\"sub\":\"user:alice\",\"sub\":\"user:admin\"");
        String header = parts[0];
        String payload = Jwt.encode(doubled.getBytes(StandardCharsets.UTF_8));
        java.security.Signature es256 = java.security.Signature.getInstance(Jwt.JDK_ALGORITHM);
        es256.initSign(KEY.keys().getPrivate());
        es256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        assertRefused(header + "." + payload + "." + Jwt.encode(es256.sign()), "Duplicate field 'sub'");
    }

    private static void assertRefused(String token, String reason) {
        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> VERIFIER.verify(token));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage() + " (expected: " + reason + ")");
    }

    private static String hmacWithThePublicKey(String signedPart) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(KEY.keys().getPublic().getEncoded(), "HmacSHA256"));
            return Jwt.encode(hmac.doFinal(signedPart.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
