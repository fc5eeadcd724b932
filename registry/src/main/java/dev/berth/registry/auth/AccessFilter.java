package dev.berth.registry.auth;

import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.http.AccessCheck;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Lets a request through only if its caller may do what it asks: authenticates its credentials, works out what it
 * needs ({@link Need}), and asks the {@link Authorizer}. Callers without credentials are challenged (401 with
 * {@code WWW-Authenticate}), callers with wrong ones too; known callers without the right are denied (403), the same
 * whether the repository exists or not. The caller is left in the request's context for the services.
 */
public final class AccessFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(AccessFilter.class.getName());

    private final Access access;
    private final ErrorResponses errors;

    public AccessFilter(Access access, ErrorResponses errors) {
        this.access = access;
        this.errors = errors;
    }

    /** The caller of a request this filter let through; anonymous when access control is off. */
    public static Principal caller(ServerRequest request) {
        return request.context().get(Principal.class, Principal.class).orElse(new Principal.Anonymous());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Principal caller;
        switch (access.authenticator().authenticate(request.headers().first(HeaderNames.AUTHORIZATION))) {
            case Authentication.None none -> caller = new Principal.Anonymous();
            case Authentication.Succeeded succeeded -> caller = succeeded.principal();
            case Authentication.Failed failed -> {
                refuse(request, response, failed.reason(), challenge("wrong user name or password"));
                return;
            }
        }
        Need need = Need.of(request.prologue().method().text(), request.path().rawPath());
        Optional<String> refusal = switch (need) {
            case Need.Nothing nothing -> Optional.empty();
            case Need.Login login -> caller instanceof Principal.Anonymous
                    ? Optional.of("no credentials") : Optional.empty();
            case Need.OnRepository on -> access.authorizer().permits(caller, on.repository(), on.action())
                    ? Optional.empty()
                    : Optional.of(caller.name() + " may not " + on.action().scopeName() + " on " + on.repository());
        };
        if (refusal.isPresent()) {
            refuse(request, response, refusal.get(), caller instanceof Principal.Anonymous
                    ? challenge("authentication required")
                    : RegistryException.of(ErrorCode.DENIED, "requested access to the resource is denied"));
            return;
        }
        request.context().register(Principal.class, caller);
        request.context().register(AccessCheck.class, new AccessCheck(caller.identity(),
                need instanceof Need.OnRepository on
                ? Optional.of(on.repository()) : Optional.empty(),
                repository -> access.authorizer().permits(caller, repository, Action.PULL)));
        chain.proceed();
    }

    private RegistryException challenge(String message) {
        return RegistryException.of(ErrorCode.UNAUTHORIZED, message)
                .withHeader("WWW-Authenticate", "Basic realm=\"" + access.realm() + "\", charset=\"UTF-8\"");
    }

    /** Answers the request with the refusal, logging why (for the operator; the client is told less). */
    private void refuse(RoutingRequest request, RoutingResponse response, String why, RegistryException answer) {
        LOG.log(System.Logger.Level.INFO, "refused " + request.prologue().method().text() + " "
                + request.path().rawPath() + " from " + request.remotePeer().host() + ": " + why);
        errors.answer(request, response, answer);
    }
}
