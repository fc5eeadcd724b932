package dev.berth.registry.auth;

import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.audit.AuditLog;
import dev.berth.registry.http.AccessCheck;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Lets a request through only if its caller may do what it asks: authenticates its credentials (a password, or a
 * token from {@code /token}), works out what it needs ({@link Need}), and asks the {@link Authorizer} (and, for a
 * token, whether it grants that). Callers without credentials are challenged (401 with {@code WWW-Authenticate}),
 * callers with wrong ones too, and so are callers whose token lacks the scope (so that the client fetches one with
 * it); callers who logged in with a password but may not do it are denied (403). The answer is the same whether the
 * repository exists or not. The caller is left in the request's context for the services.
 */
public final class AccessFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(AccessFilter.class.getName());
    private static final String BEARER = "Bearer ";

    private final Access access;
    private final ErrorResponses errors;
    private final Deletions deletions;
    private final Optional<BearerAuthenticator> bearer;

    /** When a repository was last deleted, if ever. */
    @FunctionalInterface
    public interface Deletions {
        Optional<Instant> deletedAt(RepositoryName repository) throws IOException;
    }

    /**
     * @param deletions tokens issued no later than a repository's deletion are refused for it, as what they were
     *                  issued for is gone
     */
    public AccessFilter(Access access, ErrorResponses errors, Deletions deletions) {
        this.access = access;
        this.errors = errors;
        this.deletions = deletions;
        this.bearer = access.tokens().map(tokens -> new BearerAuthenticator(tokens, access.authenticator(),
                Clock.systemUTC(), Tokens.CLOCK_SKEW));
    }

    /** The caller of a request on no repository (the token endpoint) this filter let through; else anonymous. */
    public static Principal caller(ServerRequest request) {
        return request.context().get(Principal.class, Principal.class).orElse(new Principal.Anonymous());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Need need = Need.of(request.prologue().method().text(), request.path().rawPath());
        Authentication.Succeeded caller;
        switch (authenticate(request.headers().first(HeaderNames.AUTHORIZATION), request)) {
            case Authentication.None none -> caller = new Authentication.Succeeded(new Principal.Anonymous());
            case Authentication.Succeeded succeeded -> caller = succeeded;
            case Authentication.Failed failed -> {
                refuse(request, response, claimed(request).orElse("?"), failed.reason(), challenge(request, need,
                        "wrong user name, password or token", false));
                return;
            }
            case Authentication.Throttled throttled -> {
                long seconds = Math.max(1, throttled.retryAfter().toSeconds());
                refuse(request, response, claimed(request).orElse("?"), "too many failed logins",
                        RegistryException.of(ErrorCode.TOOMANYREQUESTS, "too many failed logins from this address "
                                + "or for this account; try again in " + seconds + " s")
                                .withHeader("Retry-After", String.valueOf(seconds)));
                return;
            }
        }
        Principal principal = caller.principal();
        Authorizer authorizer = access.authorizer().get();
        boolean anonymous = principal instanceof Principal.Anonymous && caller.limitedTo().isEmpty();
        Optional<String> refusal = switch (need) {
            case Need.Nothing nothing -> Optional.empty();
            case Need.Login login -> anonymous ? Optional.of("no credentials") : Optional.empty();
            case Need.Administration administration -> authorizer.administers(principal)
                    && caller.limitedTo().isEmpty() ? Optional.empty()
                    : Optional.of(principal.identity() + " may not administer the registry"
                            + (caller.limitedTo().isPresent() ? " with a token (use a password)" : ""));
            case Need.OnRepository on -> !authorizer.permits(principal, on.repository(), on.action())
                    || !caller.allows(on.repository(), on.action())
                    ? Optional.of(principal.identity() + " may not " + on.action().scopeName() + " on "
                            + on.repository() + (caller.limitedTo().isPresent() ? " with this token" : ""))
                    : issuedBeforeDeletion(caller, on.repository())
                    ? Optional.of("the token of " + principal.identity() + " was issued before " + on.repository()
                            + " was deleted")
                    : Optional.empty();
        };
        if (refusal.isPresent()) {
            boolean challenged = anonymous || caller.limitedTo().isPresent();
            refuse(request, response, caller.identity(), refusal.get(), challenged
                    ? challenge(request, need, "authentication required", caller.limitedTo().isPresent())
                    : RegistryException.of(ErrorCode.DENIED, "requested access to the resource is denied"));
            return;
        }
        if (need instanceof Need.Nothing) {
            request.context().register(Principal.class, principal);   // for the token endpoint
        }
        request.context().register(AccessCheck.class, new AccessCheck(caller.identity(),
                need instanceof Need.OnRepository on ? Optional.of(on.repository()) : Optional.empty(),
                // Other repositories count by what the caller may pull, not by this token's scopes: the catalog and
                // mounts show and copy only what the caller could pull anyway, as clients ask a token for one
                // repository at a time (and none names the repositories an automatic mount may come from).
                repository -> authorizer.permits(principal, repository, Action.PULL),
                repository -> authorizer.permits(principal, repository, Action.ADMIN)
                        && caller.allows(repository, Action.ADMIN)));
        chain.proceed();
    }

    private Authentication authenticate(Optional<String> authorization, ServerRequest request) {
        if (authorization.isEmpty()) {
            return certificate(request);
        }
        if (bearer.isPresent() && authorization.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return bearer.get().authenticate(authorization.get());
        }
        String address = request.remotePeer().host();
        Optional<String> account = BasicAuthenticator.claimedName(authorization.get());
        Optional<Duration> wait = access.throttle().refused(address, account.orElse(null));
        if (wait.isPresent()) {
            return new Authentication.Throttled(wait.get());
        }
        Authentication outcome = access.authenticator().authenticate(authorization);
        if (outcome instanceof Authentication.Failed) {
            access.throttle().failed(address, account.orElse(null));
        }
        String path = request.path().rawPath();
        if (outcome instanceof Authentication.Succeeded succeeded && (path.equals("/v2/") || path.equals("/v2"))) {
            AuditLog.record(AuditLog.Event.LOGIN, succeeded.principal().identity(), address, "basic", null, "ok");
        }
        return outcome;
    }

    /**
     * Whether the caller's token predates the repository's last deletion (to the second, so a token issued in the
     * second of a deletion counts as earlier: the client just asks for another).
     */
    private boolean issuedBeforeDeletion(Authentication.Succeeded caller, RepositoryName repository) {
        if (caller.tokenIssuedAt().isEmpty()) {
            return false;
        }
        Optional<Instant> deleted;
        try {
            deleted = deletions.deletedAt(repository);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read when " + repository + " was deleted (" + e.getMessage()
                    + "); its tokens are refused until it can be read");
            return true;
        }
        return deleted.isPresent()
                && caller.tokenIssuedAt().get().getEpochSecond() <= deleted.get().getEpochSecond();
    }

    /** The user name a request's Basic credentials claim, if any. */
    private static Optional<String> claimed(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION).flatMap(BasicAuthenticator::claimedName);
    }

    /**
     * The caller a client certificate names, when the TLS handshake verified one against the client CA: the account
     * its common name is, unless that account was removed or expired.
     */
    private Authentication certificate(ServerRequest request) {
        Optional<String> name = request.remotePeer().tlsCertificates().flatMap(ClientCertificate::commonName);
        if (name.isEmpty()) {
            return new Authentication.None();
        }
        return access.authenticator().accountNamed(name.get())
                .<Authentication>map(Authentication.Succeeded::new)
                .orElseGet(() -> new Authentication.Failed("client certificate of " + name.get()
                        + ", which is no account"));
    }

    /**
     * The 401 that sends a client for credentials: with tokens on, a Bearer challenge naming the token endpoint on
     * the address the client used and the scope this request needs; otherwise a Basic one.
     */
    private RegistryException challenge(ServerRequest request, Need need, String message, boolean hadToken) {
        RegistryException unauthorized = RegistryException.of(ErrorCode.UNAUTHORIZED, message);
        if (need instanceof Need.Login) {
            // containers/image reads this from its unauthenticated ping of /v2/.
            unauthorized = unauthorized.withHeader(RegistryHeaders.SUPPORTS_SIGNATURES.defaultCase(), "1");
        }
        if (access.tokens().isEmpty() || need instanceof Need.Administration) {
            return unauthorized.withHeader("WWW-Authenticate",
                    "Basic realm=\"" + access.realm() + "\", charset=\"UTF-8\"");
        }
        String realm = (request.isSecure() ? "https://" : "http://")
                + request.headers().first(HeaderNames.HOST).orElse(request.localPeer().host()) + "/token";
        StringBuilder challenge = new StringBuilder("Bearer realm=\"" + realm + "\",service=\""
                + access.tokens().get().service() + "\"");
        if (need instanceof Need.OnRepository on) {
            List<String> actions = on.action() == Action.PUSH ? List.of("pull", "push") : List.of(on.action().scopeName());
            challenge.append(",scope=\"").append(new Scope(on.repository(), actions)).append('"');
        }
        if (hadToken) {
            challenge.append(",error=\"insufficient_scope\"");
        }
        return unauthorized.withHeader("WWW-Authenticate", challenge.toString());
    }

    /**
     * Answers the request with the refusal, logging and auditing why (for the operator; the client is told less).
     */
    private void refuse(RoutingRequest request, RoutingResponse response, String who, String why,
                        RegistryException answer) {
        String what = request.prologue().method().text() + " " + request.path().rawPath();
        LOG.log(System.Logger.Level.INFO, "refused " + what + " from " + request.remotePeer().host() + ": " + why);
        Need need = Need.of(request.prologue().method().text(), request.path().rawPath());
        AuditLog.record(AuditLog.Event.DENIED, who, request.remotePeer().host(), what,
                need instanceof Need.OnRepository on ? on.repository().value() : null, why);
        errors.answer(request, response, answer);
    }
}
