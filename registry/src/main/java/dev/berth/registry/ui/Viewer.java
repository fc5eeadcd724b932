package dev.berth.registry.ui;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.Action;
import dev.berth.registry.auth.Principal;
import io.helidon.webserver.http.ServerRequest;
import java.util.Set;
import java.util.function.Function;

/**
 * Who is looking at a page, and what they may do: the rights the API would give the same principal, decided by the
 * same authorizer. Left in each request's context by {@link UiFilter}.
 *
 * @param principal        the caller; anonymous when not logged in or when access control is off
 * @param signedIn         whether a session is behind the request
 * @param accessControlled whether the registry checks access at all (without, everyone may do everything)
 * @param formToken        the value every form of the page carries, without which no action is taken
 * @param rights           what the viewer may do in each repository
 * @param administrator    whether the viewer administers the registry (garbage collection, lifecycle policies)
 * @param page             the address of the page being looked at (path and query), which logging in returns to
 */
public record Viewer(Principal principal, boolean signedIn, boolean accessControlled, String formToken,
                     Function<RepositoryName, Set<Action>> rights, boolean administrator, String page) {

    /** The viewer of a request under {@code /ui}. */
    public static Viewer of(ServerRequest request) {
        return request.context().get(Viewer.class, Viewer.class)
                .orElseThrow(() -> new IllegalStateException("no viewer: the web UI's filter did not run"));
    }

    public boolean mayPull(RepositoryName repository) {
        return rights.apply(repository).contains(Action.PULL);
    }

    public boolean may(RepositoryName repository, Action action) {
        return rights.apply(repository).contains(action);
    }

    /** Refuses someone who does not administer the registry, saying who may see {@code what}. */
    public Viewer requireAdministrator(String what) throws UiException {
        if (!administrator) {
            throw UiException.forbidden("Only the registry's administrators see " + what + ".");
        }
        return this;
    }

    /** The name the page header shows. */
    public String name() {
        return principal.identity();
    }
}
