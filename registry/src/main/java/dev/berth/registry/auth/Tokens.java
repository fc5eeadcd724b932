package dev.berth.registry.auth;

import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.auth.token.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The token flow: clients are challenged to fetch a token from {@code /token} and then present it as
 * {@code Authorization: Bearer …}; clients that log in with OAuth2 ({@code POST /token}) may keep a refresh token
 * instead of the password.
 *
 * @param issuer   issues tokens at the endpoint
 * @param verifier checks the access tokens presented
 * @param refreshes checks the refresh tokens presented to the endpoint (never valid as access tokens)
 * @param sessions  checks the web UI's session tokens (never valid as access or refresh tokens)
 * @param service  this registry's name in challenges and token audiences
 */
public record Tokens(TokenIssuer issuer, TokenVerifier verifier, TokenVerifier refreshes, TokenVerifier sessions,
                     String service) {

    /** This registry's name in token challenges and the audience of its access tokens. */
    public static final String SERVICE = "berth";
    private static final String ISSUER = "berth-token-service";
    /** How far the clocks of this registry and its clients may disagree. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Tokens signed with the keys, granting what the rules allow. */
    public static Tokens of(SigningKeys keys, Supplier<Authorizer> rules, Clock clock) {
        return new Tokens(new TokenIssuer(keys, rules, ISSUER, SERVICE, clock),
                new TokenVerifier(keys::publicKey, ISSUER, SERVICE, clock, CLOCK_SKEW),
                new TokenVerifier(keys::publicKey, ISSUER, TokenIssuer.refreshAudience(SERVICE), clock, CLOCK_SKEW),
                new TokenVerifier(keys::publicKey, ISSUER, TokenIssuer.sessionAudience(SERVICE), clock, CLOCK_SKEW),
                SERVICE);
    }
}
