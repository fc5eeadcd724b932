package dev.berth.registry.http;

import dev.berth.oci.reference.RepositoryName;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What access control decided for a request, left in its context for the services.
 *
 * <p>{@code caller} names who is calling (upload sessions belong to who started them). {@code repository} is the
 * repository it checked the request against, if any. The services take their repository
 * from the route; {@link Requests#repository} refuses one other than this, so a route and the access check that ever
 * read a path differently fail closed instead of acting on an unchecked repository. {@code mayPull} says which other
 * repositories the caller may read: the catalog lists only those, and blobs are mounted only from those.
 * {@code mayAdminister} says where the caller is an administrator (immutable tags give way only to them).
 */
public record AccessCheck(String caller, Optional<RepositoryName> repository, Predicate<RepositoryName> mayPull,
                          Predicate<RepositoryName> mayAdminister) {

    /** What access control decided for the request; empty when it is off. */
    public static Optional<AccessCheck> of(ServerRequest request) {
        return request.context().get(AccessCheck.class, AccessCheck.class);
    }

    /** Whether the request's caller administers the repository: always when access control is off. */
    public static boolean administers(ServerRequest request, RepositoryName repository) {
        return of(request).map(check -> check.mayAdminister().test(repository)).orElse(true);
    }

    /** The repositories the request's caller may pull: all of them when access control is off. */
    public static Predicate<RepositoryName> pullable(ServerRequest request) {
        return of(request).map(AccessCheck::mayPull).orElse(repository -> true);
    }
}
