package dev.berth.registry.auth;

import dev.berth.registry.auth.token.ResourceAccess;
import dev.berth.registry.auth.token.SigningKeys;
import dev.berth.registry.auth.token.TokenClaims;
import dev.berth.registry.auth.token.TokenSigner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Issues short-lived tokens that grant the intersection of what was asked and what the caller may do; a scope the
 * caller may not use is left out, not refused, so a token may grant nothing at all, as the spec has it.
 */
public final class TokenIssuer {

    public static final Duration LIFETIME = Duration.ofMinutes(5);
    /**
     * How long a refresh token (Docker's stored "identity token") lasts: no longer than a retired signing key is
     * kept, so that every refresh token can still be checked until it expires.
     */
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

    private final SigningKeys keys;
    private final TokenSigner signer = new TokenSigner();
    private final Supplier<Authorizer> authorizer;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, Supplier<Authorizer> authorizer, String issuer, String audience, Clock clock) {
        this.keys = keys;
        this.authorizer = authorizer;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * A token as the token endpoint answers it.
     *
     * @param granted what it grants, as scopes
     */
    public record Issued(String token, long expiresIn, Instant issuedAt, List<Scope> granted) {
    }

    /** The audience of refresh tokens, which is never that of access tokens, so neither passes for the other. */
    static String refreshAudience(String service) {
        return service + "/refresh";
    }

    /** The audience of the web UI's session tokens, which is neither that of access tokens nor of refresh tokens. */
    static String sessionAudience(String service) {
        return service + "/ui";
    }

    /**
     * A session token of the web UI for the principal, valid for {@code lifetime} or until the account goes or its
     * password changes.
     *
     * @param credential a fingerprint of the password the principal logged in with; null for an external identity
     */
    public TokenClaims session(Principal principal, String credential, Duration lifetime) {
        Instant now = clock.instant();
        return new TokenClaims(issuer, principal.identity(), sessionAudience(audience), now.getEpochSecond(),
                now.getEpochSecond(), now.plus(lifetime).getEpochSecond(), UUID.randomUUID().toString(), List.of(),
                credential, principal instanceof Principal.External external ? List.copyOf(external.groups()) : null);
    }

    /** The claims, signed with the current key. */
    public String sign(TokenClaims claims) throws IOException {
        return signer.sign(claims, keys.current());
    }

    /**
     * A refresh token for the principal: presented to {@code POST /token}, it gives access tokens as the password
     * would, until it expires, the account goes, or its password changes.
     *
     * @param credential a fingerprint of the password the principal logged in with
     */
    public String refresh(Principal principal, String credential) throws IOException {
        Instant now = clock.instant();
        TokenClaims claims = new TokenClaims(issuer, principal.identity(), refreshAudience(audience),
                now.getEpochSecond(), now.getEpochSecond(), now.plus(REFRESH_LIFETIME).getEpochSecond(),
                UUID.randomUUID().toString(), List.of(), credential, null);
        return signer.sign(claims, keys.current());
    }

    public Issued issue(Principal principal, List<Scope> asked) throws IOException {
        List<ResourceAccess> access = new ArrayList<>();
        List<Scope> grantedScopes = new ArrayList<>();
        Authorizer rules = authorizer.get();
        for (Scope scope : asked) {
            Set<Action> granted = rules.granted(principal, scope.repository());
            List<String> actions = scope.actions().stream()
                    .filter(name -> Action.ofScopeName(name).filter(granted::contains).isPresent())
                    .distinct()
                    .toList();
            if (!actions.isEmpty()) {
                access.add(new ResourceAccess("repository", scope.repository().value(), actions));
                grantedScopes.add(new Scope(scope.repository(), actions));
            }
        }
        Instant now = clock.instant();
        TokenClaims claims = new TokenClaims(issuer, principal.identity(), audience, now.getEpochSecond(),
                now.getEpochSecond(), now.plus(LIFETIME).getEpochSecond(), UUID.randomUUID().toString(), access, null,
                principal instanceof Principal.External external ? List.copyOf(external.groups()) : null);
        return new Issued(signer.sign(claims, keys.current()), LIFETIME.toSeconds(), now, grantedScopes);
    }
}
