package dev.berth.registry.auth.federation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.auth.token.InvalidTokenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts tokens of external identity providers (OIDC) in place of a password, as ECR accepts IAM roles: a pipeline
 * logs in with the token its CI system gives it, and no password is stored anywhere. A token is checked in steps, each
 * refusing with its own reason: compact form; an asymmetric algorithm (RS256/384/512, ES256/384: never {@code none},
 * never HMAC); an issuer configured here; a signature by one of its current keys; then an audience naming this
 * registry, a subject, and {@code iat}, {@code nbf} and {@code exp} around now, give or take a small clock skew.
 * Verified tokens are remembered by their hash until they expire.
 */
public final class Federation {

    /** The user name a client logs in with to present an external token as its password. */
    public static final String LOGIN_NAME = "oidc";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format");

    private final List<ExternalIssuer> issuers;
    private final Clock clock;
    private final Duration skew;
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    private record Verified(Principal.External principal, long expiresAt) {
    }

    public Federation(List<ExternalIssuer> issuers, Clock clock, Duration skew) {
        this.issuers = List.copyOf(issuers);
        this.clock = clock;
        this.skew = skew;
    }

    /** No external identity provider: every external token is refused. */
    public static Federation none() {
        return new Federation(List.of(), Clock.systemUTC(), Duration.ZERO);
    }

    public boolean isEmpty() {
        return issuers.isEmpty();
    }

    /** The identity the token vouches for, with the groups its claims map to. */
    public Principal.External verify(String token) throws InvalidTokenException {
        String key = Digest.sha256(token.getBytes(StandardCharsets.UTF_8)).hex();
        Verified known = verified.getIfPresent(key);
        long now = clock.instant().getEpochSecond();
        if (known != null) {
            if (known.expiresAt() <= now - skew.toSeconds()) {
                throw new InvalidTokenException("expired");
            }
            return known.principal();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a JWT in compact form (three dot-separated parts)");
        }
        Map<String, Object> header = json(parts[0], "header");
        String algorithm = String.valueOf(header.get("alg"));
        String jdkAlgorithm = ALGORITHMS.get(algorithm);
        if (jdkAlgorithm == null) {
            throw new InvalidTokenException("algorithm " + algorithm + " is not one of " + ALGORITHMS.keySet());
        }
        Map<String, Object> claims = json(parts[1], "claims");
        ExternalIssuer issuer = issuers.stream().filter(candidate -> candidate.issuer().equals(claims.get("iss")))
                .findFirst()
                .orElseThrow(() -> new InvalidTokenException("issuer " + claims.get("iss") + " is not configured"));
        Object kid = header.get("kid");
        PublicKey publicKey = issuer.keys().key(kid == null ? null : String.valueOf(kid))
                .orElseThrow(() -> new InvalidTokenException("issuer " + issuer.name() + " has no key " + kid));
        requireSignature(parts, jdkAlgorithm, publicKey);
        long expiresAt = requireClaims(claims, issuer, now);
        Principal.External principal = new Principal.External(issuer.name(), String.valueOf(claims.get("sub")),
                groups(issuer, claims));
        verified.put(key, new Verified(principal, expiresAt));
        return principal;
    }

    private static void requireSignature(String[] parts, String algorithm, PublicKey key)
            throws InvalidTokenException {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new InvalidTokenException("the signature does not match");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidTokenException("the signature cannot be checked: " + e.getMessage());
        }
    }

    private long requireClaims(Map<String, Object> claims, ExternalIssuer issuer, long now)
            throws InvalidTokenException {
        long slack = skew.toSeconds();
        Object audience = claims.get("aud");
        boolean forUs = audience instanceof String one ? one.equals(issuer.audience())
                : audience instanceof Collection<?> many && many.contains(issuer.audience());
        if (!forUs) {
            throw new InvalidTokenException("audience " + audience + " is not " + issuer.audience());
        }
        if (!(claims.get("sub") instanceof String subject) || subject.isEmpty()) {
            throw new InvalidTokenException("no sub");
        }
        Optional<Long> issuedAt = seconds(claims, "iat");
        Optional<Long> expiresAt = seconds(claims, "exp");
        if (issuedAt.isEmpty() || issuedAt.get() > now + slack) {
            throw new InvalidTokenException("no iat, or one in the future");
        }
        if (expiresAt.isEmpty() || expiresAt.get() <= now - slack) {
            throw new InvalidTokenException("expired, or no exp");
        }
        if (seconds(claims, "nbf").filter(notBefore -> notBefore > now + slack).isPresent()) {
            throw new InvalidTokenException("not valid yet");
        }
        return expiresAt.get();
    }

    private static Set<String> groups(ExternalIssuer issuer, Map<String, Object> claims) {
        Set<String> groups = new HashSet<>();
        for (ClaimMapping mapping : issuer.groups()) {
            if (mapping.matches(claims)) {
                groups.add(mapping.group());
            }
        }
        return groups;
    }

    private static Optional<Long> seconds(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
    }

    private static Map<String, Object> json(String part, String what) throws InvalidTokenException {
        try {
            Map<String, Object> value = JSON.readValue(Base64.getUrlDecoder().decode(part), new TypeReference<>() {
            });
            if (value == null) {
                throw new InvalidTokenException("the " + what + " is null");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTokenException("the " + what + " is not base64url JSON");
        }
    }
}
