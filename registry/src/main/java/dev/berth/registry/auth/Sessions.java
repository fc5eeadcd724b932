package dev.berth.registry.auth;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.audit.AuditLog;
import dev.berth.registry.auth.federation.Federation;
import dev.berth.registry.auth.token.InvalidTokenException;
import dev.berth.registry.auth.token.TokenClaims;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Logins to the web UI: a session is a token of the registry's own, signed by the keys its access tokens are signed
 * with (so that every node accepts a session another node started) but with an audience of its own, kept by the
 * browser in a cookie. It stands for the principal with all the principal's rights, until it expires, its account
 * goes or changes password, or the principal logs out ({@link SessionLogouts}).
 */
public final class Sessions {

    /** How long a session lasts. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** How long an external identity's session lasts: there is no password whose change would end it. */
    public static final Duration EXTERNAL_LIFETIME = Duration.ofHours(1);

    private final BasicAuthenticator accounts;
    private final Tokens tokens;
    private final LoginThrottle throttle;
    private final SessionLogouts logouts;

    public Sessions(Access access, Tokens tokens, SessionLogouts logouts) {
        this.accounts = access.authenticator();
        this.tokens = tokens;
        this.throttle = access.throttle();
        this.logouts = logouts;
    }

    /**
     * A session: who it is for, and its token's id, from which the token that guards its forms is derived.
     *
     * @param token the signed session token, for the cookie
     */
    public record Session(Principal principal, String id, Instant issuedAt, String token) {

        /** The value the session's forms carry to show they came from its pages ({@code csrf}). */
        public String formToken() {
            return Digest.sha256(("berth-ui-form:" + id).getBytes(StandardCharsets.UTF_8)).hex().substring(0, 40);
        }
    }

    /** What a login came to. */
    public sealed interface Login {

        record Started(Session session) implements Login {
        }

        /** Wrong name, password or token; {@code why} is for the log, never for the user. */
        record Refused(String why) implements Login {
        }

        /** Too many failed logins lately from this address or for this account. */
        record Throttled(Duration retryAfter) implements Login {
        }
    }

    /** A login with a name and password (a robot's secret, or for {@value Federation#LOGIN_NAME} a provider's token). */
    public Login withPassword(String name, String password, String address) throws IOException {
        Optional<Duration> wait = throttle.refused(address, name);
        if (wait.isPresent()) {
            AuditLog.record(AuditLog.Event.LOGIN, name, address, "web UI", null, "too many failed logins");
            return new Login.Throttled(wait.get());
        }
        if (accounts.login(name, password) instanceof Authentication.Succeeded succeeded) {
            return started(succeeded.principal(), address, "web UI");
        }
        throttle.failed(address, name);
        AuditLog.record(AuditLog.Event.LOGIN, name, address, "web UI", null, "wrong user name or password");
        return new Login.Refused("wrong user name or password for " + name);
    }

    /**
     * A login with a token: a refresh token of this registry's (what {@code docker login} keeps), or a token of a
     * federated identity provider.
     */
    public Login withToken(String token, String address) throws IOException {
        Optional<Duration> wait = throttle.refused(address, null);
        if (wait.isPresent()) {
            return new Login.Throttled(wait.get());
        }
        try {
            TokenClaims claims = tokens.refreshes().verify(token);
            Optional<Principal> account = TokenService.refreshedAccount(claims, accounts);
            if (account.isPresent()) {
                return started(account.get(), address, "web UI, refresh token");
            }
        } catch (InvalidTokenException notOurs) {
            if (accounts.login(Federation.LOGIN_NAME, token) instanceof Authentication.Succeeded succeeded) {
                return started(succeeded.principal(), address, "web UI, identity token");
            }
        }
        throttle.failed(address, null);
        AuditLog.record(AuditLog.Event.LOGIN, "?", address, "web UI, token", null, "token refused");
        return new Login.Refused("the token is neither a valid refresh token nor an accepted identity token");
    }

    private Login started(Principal principal, String address, String how) throws IOException {
        Optional<String> credential = accounts.credential(principal);
        TokenClaims claims = tokens.issuer().session(principal, credential.orElse(null),
                principal instanceof Principal.External ? EXTERNAL_LIFETIME : LIFETIME);
        AuditLog.record(AuditLog.Event.LOGIN, principal.identity(), address, how, null, "ok");
        return new Login.Started(new Session(principal, claims.id(), Instant.ofEpochSecond(claims.issuedAt()),
                tokens.issuer().sign(claims)));
    }

    /** The session a token from a cookie is, if it is still valid. */
    public Optional<Session> verify(String token) throws IOException {
        TokenClaims claims;
        try {
            claims = tokens.sessions().verify(token);
        } catch (InvalidTokenException e) {
            return Optional.empty();
        }
        Optional<Principal> principal = BearerAuthenticator.principal(claims, accounts)
                .filter(found -> !(found instanceof Principal.Anonymous));
        if (principal.isEmpty() || !accounts.credential(principal.get()).equals(Optional.ofNullable(
                claims.credential()))) {
            return Optional.empty();
        }
        Instant issued = Instant.ofEpochSecond(claims.issuedAt());
        if (logouts.loggedOutAfter(principal.get().identity(), issued)) {
            return Optional.empty();
        }
        return Optional.of(new Session(principal.get(), claims.id(), issued, token));
    }

    /** Ends every session of the session's principal, on every node. */
    public void logout(Session session, String address) throws IOException {
        logouts.loggedOut(session.principal().identity());
        AuditLog.record(AuditLog.Event.LOGIN, session.principal().identity(), address, "web UI", null, "logged out");
    }
}
