package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.audit.AuditLog;
import dev.berth.registry.auth.token.InvalidTokenException;
import dev.berth.registry.auth.token.TokenClaims;
import dev.berth.registry.http.Forms;
import dev.berth.registry.http.RegistryException;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The token endpoint that {@code WWW-Authenticate: Bearer realm=…} names.
 * <ul>
 * <li>{@code GET /token?service=…&scope=…} with Basic credentials (or none, for what anonymous callers may do)
 *     answers a token for the scopes the caller may use; the access filter has already checked the credentials.
 *     With {@code offline_token=true} a caller with an account also gets a refresh token.</li>
 * <li>{@code POST /token}, the OAuth2 form of the distribution spec: {@code grant_type=password} with
 *     {@code username} and {@code password}, or {@code grant_type=refresh_token} with a {@code refresh_token}; with
 *     {@code access_type=offline} a password grant also answers a refresh token, which Docker keeps instead of the
 *     password.</li>
 * </ul>
 */
public final class TokenService implements HttpService {

    /** A form is a few hundred bytes; anything much larger is not one. */
    private static final int MAXIMUM_FORM = 64 * 1024;

    private final BasicAuthenticator authenticator;
    private final Tokens tokens;
    private final LoginThrottle throttle;
    private final ObjectMapper json;

    public TokenService(Access access, Tokens tokens, ObjectMapper json) {
        this.authenticator = access.authenticator();
        this.tokens = tokens;
        this.throttle = access.throttle();
        this.json = json;
    }

    /** The answer, with the token under both names clients read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Answer(String token, @JsonProperty("access_token") String accessToken, String scope,
                  @JsonProperty("expires_in") long expiresIn, @JsonProperty("issued_at") String issuedAt,
                  @JsonProperty("refresh_token") String refreshToken) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/token", this::issue);
        rules.post("/token", this::grant);
    }

    /**
     * Docker asks for {@code offline_token=true} when it logs in, and keeps the refresh token answered instead of the
     * password (then asking with {@code POST}).
     */
    private void issue(ServerRequest request, ServerResponse response) throws IOException {
        Principal caller = AccessFilter.caller(request);
        Optional<String> credential = authenticator.credential(caller);
        String refresh = request.query().first("offline_token").map("true"::equals).orElse(false)
                && credential.isPresent() ? tokens.issuer().refresh(caller, credential.get()) : null;
        answer(response, caller, request.query().all("scope", List::of), refresh);
        AuditLog.record(AuditLog.Event.LOGIN, caller.identity(), request.remotePeer().host(), "token", null, "ok");
    }

    private void grant(ServerRequest request, ServerResponse response) throws IOException, RegistryException {
        Map<String, String> form = form(request);
        String service = form.getOrDefault("service", tokens.service());
        if (!service.equals(tokens.service())) {
            throw oauth("invalid_request", "this token endpoint issues tokens for service " + tokens.service()
                    + ", not " + service);
        }
        List<String> scopes = form.containsKey("scope") ? List.of(form.get("scope")) : List.of();
        switch (form.getOrDefault("grant_type", "")) {
            case "password" -> {
                Principal principal = loggedIn(request, required(form, "username"), required(form, "password"));
                Optional<String> credential = authenticator.credential(principal);
                String refresh = "offline".equals(form.get("access_type")) && credential.isPresent()
                        ? tokens.issuer().refresh(principal, credential.get())
                        : null;
                answer(response, principal, scopes, refresh);
            }
            case "refresh_token" -> {
                String refresh = required(form, "refresh_token");
                Principal principal = refreshed(request, refresh);
                answer(response, principal, scopes, refresh);
                AuditLog.record(AuditLog.Event.LOGIN, principal.identity(), request.remotePeer().host(),
                        "refresh token", null, "ok");
            }
            case "" -> throw oauth("invalid_request", "no grant_type: give password or refresh_token");
            default -> throw oauth("unsupported_grant_type", "grant_type " + form.get("grant_type")
                    + " is not password or refresh_token");
        }
    }

    private void answer(ServerResponse response, Principal principal, List<String> scopeParameters, String refresh)
            throws IOException {
        List<Scope> scopes = new ArrayList<>();
        for (String scope : scopeParameters) {
            scopes.addAll(Scope.parseAll(scope));
        }
        TokenIssuer.Issued issued = tokens.issuer().issue(principal, scopes);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.header("Cache-Control", "no-store");
        response.send(json.writeValueAsBytes(new Answer(issued.token(), issued.token(),
                issued.granted().stream().map(Scope::toString).collect(Collectors.joining(" ")),
                issued.expiresIn(), issued.issuedAt().toString(), refresh)));
    }

    /** The account of the password grant's name and password, counting and auditing failures. */
    private Principal loggedIn(ServerRequest request, String name, String password) throws RegistryException {
        String address = request.remotePeer().host();
        Optional<Duration> wait = throttle.refused(address, name);
        if (wait.isPresent()) {
            AuditLog.record(AuditLog.Event.LOGIN, name, address, "password", null, "too many failed logins");
            long seconds = Math.max(1, wait.get().toSeconds());
            throw RegistryException.of(ErrorCode.TOOMANYREQUESTS, "too many failed logins from this address or "
                    + "for this account; try again in " + seconds + " s").withHeader("Retry-After",
                    String.valueOf(seconds));
        }
        if (authenticator.login(name, password) instanceof Authentication.Succeeded succeeded) {
            AuditLog.record(AuditLog.Event.LOGIN, succeeded.principal().identity(), address, "password", null, "ok");
            return succeeded.principal();
        }
        throttle.failed(address, name);
        AuditLog.record(AuditLog.Event.LOGIN, name, address, "password", null, "wrong user name or password");
        throw RegistryException.of(ErrorCode.UNAUTHORIZED, "wrong user name or password");
    }

    /** The account a refresh token was issued to, if it is still valid: same account, same password. */
    private Principal refreshed(ServerRequest request, String refreshToken) throws RegistryException {
        TokenClaims claims;
        try {
            claims = tokens.refreshes().verify(refreshToken);
        } catch (InvalidTokenException e) {
            AuditLog.record(AuditLog.Event.LOGIN, "?", request.remotePeer().host(), "refresh token", null,
                    "refused: " + e.getMessage());
            throw RegistryException.of(ErrorCode.UNAUTHORIZED, "the refresh token is not valid; log in again");
        }
        Optional<Principal> account = refreshedAccount(claims, authenticator);
        if (account.isEmpty()) {
            AuditLog.record(AuditLog.Event.LOGIN, claims.subject(), request.remotePeer().host(), "refresh token",
                    null, "refused: the account is gone or its password changed");
            throw RegistryException.of(ErrorCode.UNAUTHORIZED, "the refresh token's account is gone or its password "
                    + "changed; log in again");
        }
        return account.get();
    }

    /** The account a verified refresh token was issued to, if it is still there with the same password. */
    static Optional<Principal> refreshedAccount(TokenClaims claims, BasicAuthenticator authenticator) {
        return authenticator.account(claims.subject()).filter(account ->
                authenticator.credential(account).orElse("").equals(claims.credential()));
    }

    private static String required(Map<String, String> form, String name) throws RegistryException {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw oauth("invalid_request", "the form has no " + name);
        }
        return value;
    }

    /** An OAuth2 error (RFC 6749, 5.2): 400 with the error in the distribution spec's body. */
    private static RegistryException oauth(String error, String description) {
        return new RegistryException(ErrorCode.UNSUPPORTED, 400, error + ": " + description, null);
    }

    private static Map<String, String> form(ServerRequest request) throws IOException, RegistryException {
        try {
            return Forms.read(request, MAXIMUM_FORM);
        } catch (IllegalArgumentException e) {
            throw oauth("invalid_request", e.getMessage());
        }
    }
}
