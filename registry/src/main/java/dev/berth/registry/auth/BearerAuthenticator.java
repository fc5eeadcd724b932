package dev.berth.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.registry.auth.token.InvalidTokenException;
import dev.berth.registry.auth.token.TokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The caller of a request with {@code Authorization: Bearer TOKEN}: a token of this registry's, checked by its
 * verifier, whose subject is anonymous, an external identity (with the groups Berth signed into it), or an account
 * still in the users file.
 *
 * <p>The requests of one pull or push carry the same token, so the caller each token stands for is remembered, keyed
 * by the header itself (a different byte is a different key, so a tampered token is never found), until the token
 * expires: such a request costs a map lookup, not a signature check. A remembered account counts only while the
 * users file is the one it was found in; after an edit it is looked up again.
 */
final class BearerAuthenticator {

    private final Tokens tokens;
    private final BasicAuthenticator accounts;
    private final Clock clock;
    private final long skew;
    private final Cache<String, Known> known = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(TokenIssuer.LIFETIME.plusMinutes(1))
            .build();

    /** A token's caller, as found with these users, until the token's expiry. */
    private record Known(Authentication.Succeeded caller, Htpasswd users, long expiresAt) {
    }

    BearerAuthenticator(Tokens tokens, BasicAuthenticator accounts, Clock clock, Duration skew) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
        this.skew = skew.toSeconds();
    }

    /** The caller of an {@code Authorization} header that starts with {@code Bearer } (in any case). */
    Authentication authenticate(String header) {
        Known remembered = known.getIfPresent(header);
        Htpasswd users = accounts.users();
        if (remembered != null && remembered.users() == users) {
            if (remembered.expiresAt() > clock.millis() / 1000 - skew) {
                return remembered.caller();
            }
            known.invalidate(header);
            return new Authentication.Failed("token refused: expired");
        }
        TokenClaims claims;
        try {
            claims = tokens.verifier().verify(header.substring("Bearer ".length()).strip());
        } catch (InvalidTokenException e) {
            return new Authentication.Failed("token refused: " + e.getMessage());
        }
        Authentication caller = caller(claims);
        if (caller instanceof Authentication.Succeeded succeeded) {
            known.put(header, new Known(succeeded, users, claims.expiresAt()));
        }
        return caller;
    }

    private Authentication caller(TokenClaims claims) {
        return principal(claims, accounts)
                .<Authentication>map(principal -> Authentication.Succeeded.withToken(principal, claims))
                .orElseGet(() -> new Authentication.Failed("token of " + claims.subject() + ", no longer an account"));
    }

    /**
     * Whom a token of this registry's stands for: anonymous, an external identity (with the groups Berth signed into
     * it when it issued the token), or an account still in the users file; empty for an account since removed.
     */
    static Optional<Principal> principal(TokenClaims claims, BasicAuthenticator accounts) {
        String subject = claims.subject();
        if (subject.equals("anonymous")) {
            return Optional.of(new Principal.Anonymous());
        }
        if (subject.startsWith("external:") && subject.indexOf('/') > 0) {
            int slash = subject.indexOf('/');
            return Optional.of(new Principal.External(subject.substring("external:".length(), slash),
                    subject.substring(slash + 1), claims.groups() == null ? Set.of() : Set.copyOf(claims.groups())));
        }
        return accounts.account(subject);
    }
}
