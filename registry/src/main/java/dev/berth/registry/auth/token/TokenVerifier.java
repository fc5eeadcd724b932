package dev.berth.registry.auth.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a token in separate steps, each failing with its own reason: three base64url parts; a header whose
 * algorithm is exactly ES256 (never {@code none}, never an HMAC keyed with the public key) and whose key id names one
 * of this registry's keys; the signature by that key; then the claims: issuer, audience, a {@code jti}, an
 * {@code iat}, and {@code nbf} and {@code exp} around now, give or take a small clock skew. (The access filter
 * remembers the callers of tokens that passed, so that a pull or push pays for the signature once.)
 */
public final class TokenVerifier {

    private final Function<String, Optional<PublicKey>> keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final Duration skew;

    /**
     * @param keys     the public key of each key id this registry signs with, or signed with recently
     * @param issuer   the {@code iss} tokens must have
     * @param audience the {@code aud} tokens must have
     * @param skew     how far clocks may disagree
     */
    public TokenVerifier(Function<String, Optional<PublicKey>> keys, String issuer, String audience, Clock clock,
                         Duration skew) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.skew = skew;
    }

    public TokenClaims verify(String token) throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a JWT in compact form (three dot-separated parts)");
        }
        Jwt.Header header = read(parts[0], Jwt.Header.class, "header");
        if (!Jwt.ALGORITHM.equals(header.alg())) {
            throw new InvalidTokenException("algorithm " + header.alg() + " is not " + Jwt.ALGORITHM);
        }
        PublicKey key = keys.apply(String.valueOf(header.kid()))
                .orElseThrow(() -> new InvalidTokenException("key id " + header.kid() + " is not one of this registry's"));
        requireSignature(parts, key);
        TokenClaims claims = read(parts[1], TokenClaims.class, "claims");
        requireClaims(claims);
        return claims;
    }

    private static void requireSignature(String[] parts, PublicKey key) throws InvalidTokenException {
        try {
            Signature es256 = Signature.getInstance(Jwt.JDK_ALGORITHM);
            es256.initVerify(key);
            es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!es256.verify(Jwt.decode(parts[2]))) {
                throw new InvalidTokenException("the signature does not match");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidTokenException("the signature cannot be checked: " + e.getMessage());
        }
    }

    private void requireClaims(TokenClaims claims) throws InvalidTokenException {
        long now = clock.instant().getEpochSecond();
        long slack = skew.toSeconds();
        if (!issuer.equals(claims.issuer())) {
            throw new InvalidTokenException("issuer " + claims.issuer() + " is not " + issuer);
        }
        if (!audience.equals(claims.audience())) {
            throw new InvalidTokenException("audience " + claims.audience() + " is not " + audience);
        }
        if (claims.id() == null || claims.subject() == null) {
            throw new InvalidTokenException("no jti or sub");
        }
        if (claims.issuedAt() == null || claims.issuedAt() > now + slack) {
            throw new InvalidTokenException("no iat, or one in the future");
        }
        if (claims.expiresAt() == null || claims.expiresAt() <= now - slack) {
            throw new InvalidTokenException("expired");
        }
        if (claims.notBefore() != null && claims.notBefore() > now + slack) {
            throw new InvalidTokenException("not valid yet");
        }
    }

    private static <T> T read(String part, Class<T> type, String what) throws InvalidTokenException {
        try {
            return Jwt.JSON.readValue(Jwt.decode(part), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTokenException("the " + what + " is not base64url JSON: " + e.getMessage());
        }
    }
}
