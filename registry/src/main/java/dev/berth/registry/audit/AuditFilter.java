package dev.berth.registry.audit;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.http.AccessCheck;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Set;

/**
 * Audits every write that got past access control (pushes, tags, mounts, deletions), with the status it ended in;
 * refusals are audited where they are made.
 */
public final class AuditFilter implements Filter {

    private static final Set<String> WRITES = Set.of("PUT", "POST", "PATCH", "DELETE");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String method = request.prologue().method().text();
        if (!WRITES.contains(method) || !request.path().rawPath().startsWith("/v2/")) {
            chain.proceed();
            return;
        }
        try {
            chain.proceed();
        } finally {
            AccessCheck check = request.context().get(AccessCheck.class, AccessCheck.class).orElse(null);
            AuditLog.record(AuditLog.Event.WRITE, check == null ? "anonymous" : check.caller(),
                    request.remotePeer().host(), method + " " + request.path().rawPath(),
                    check == null ? null : check.repository().map(RepositoryName::value).orElse(null),
                    String.valueOf(response.status().code()));
        }
    }
}
