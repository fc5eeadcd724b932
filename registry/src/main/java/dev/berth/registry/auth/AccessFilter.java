package dev.berth.registry.auth;

import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.http.RefusedRequest;
import dev.berth.registry.http.RegistryException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Lets a request through only if its caller may do what it asks: authenticates its credentials, works out what it
 * needs ({@link Need}), and asks the {@link Authorizer}. Callers without credentials are challenged (401 with
 * {@code WWW-Authenticate}), callers with wrong ones too; known callers without the right are denied (403), the same
 * whether the repository exists or not. The caller is left in the request's context for the services.
 */
public final class AccessFilter implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.berth.registry.access.denied");

    private final BasicAuthenticator authenticator;
    private final Authorizer authorizer;
    private final String realm;

    public AccessFilter(BasicAuthenticator authenticator, Authorizer authorizer, String realm) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.realm = realm;
    }

    /** The caller of a request this filter let through; anonymous when access control is off. */
    public static Principal caller(ServerRequest request) {
        return request.context().get(Principal.class, Principal.class).orElse(new Principal.Anonymous());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Principal caller = switch (authenticator.authenticate(request.headers().first(HeaderNames.AUTHORIZATION))) {
            case Authentication.None none -> new Principal.Anonymous();
            case Authentication.Succeeded succeeded -> succeeded.principal();
            case Authentication.Failed failed -> throw refuse(request, failed.reason(),
                    challenge("wrong user name or password"));
        };
        Need need = Need.of(request.prologue().method().text(), request.path().rawPath());
        switch (need) {
            case Need.Nothing nothing -> { }
            case Need.Login login -> {
                if (caller instanceof Principal.Anonymous) {
                    throw refuse(request, "no credentials", challenge("log in to use this registry"));
                }
            }
            case Need.OnRepository on -> {
                if (!authorizer.permits(caller, on.repository(), on.action())) {
                    String what = on.action().scopeName() + " on " + on.repository();
                    throw caller instanceof Principal.Anonymous
                            ? refuse(request, "no credentials for " + what, challenge("log in to " + what))
                            : refuse(request, caller.name() + " may not " + what, RegistryException.of(
                                    ErrorCode.DENIED, "requested access to the resource is denied"));
                }
            }
        }
        request.context().register(Principal.class, caller);
        chain.proceed();
    }

    private RegistryException challenge(String message) {
        return RegistryException.of(ErrorCode.UNAUTHORIZED, message)
                .withHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    private static RefusedRequest refuse(RoutingRequest request, String why, RegistryException answer) {
        LOG.log(System.Logger.Level.INFO, "refused " + request.prologue().method().text() + " "
                + request.path().rawPath() + " from " + request.remotePeer().host() + ": " + why);
        return new RefusedRequest(answer);
    }
}
