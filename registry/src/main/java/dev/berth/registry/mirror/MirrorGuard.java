package dev.berth.registry.mirror;

import dev.berth.oci.error.ErrorCode;
import dev.berth.registry.auth.Action;
import dev.berth.registry.auth.Need;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Keeps mirrored repositories read-only: what they hold comes from their upstream, and only from there. */
public final class MirrorGuard implements Filter {

    private final PullThrough pullThrough;
    private final ErrorResponses errors;

    public MirrorGuard(PullThrough pullThrough, ErrorResponses errors) {
        this.pullThrough = pullThrough;
        this.errors = errors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (Need.of(request.prologue().method().text(), request.path().rawPath()) instanceof Need.OnRepository on
                && on.action() != Action.PULL) {
            var mirror = pullThrough.mirrorOf(on.repository());
            if (mirror.isPresent()) {
                errors.answer(request, response, new RegistryException(ErrorCode.UNSUPPORTED, 405, on.repository()
                        + " mirrors " + mirror.get().upstream() + " and is read-only: push to "
                        + mirror.get().upstream() + ", or to a repository outside " + mirror.get().prefix() + "/",
                        null));
                return;
            }
        }
        chain.proceed();
    }
}
