package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a request needs to be let through, told from its method and path alone, before any handler runs. */
public sealed interface Need {

    /** Open to everyone: the health check, and paths that are no endpoint (they answer 404 to anyone). */
    record Nothing() implements Need {
    }

    /** Any caller the registry knows: the version check {@code /v2/} (how clients test a login) and the catalog. */
    record Login() implements Need {
    }

    /** An action on one repository. */
    record OnRepository(RepositoryName repository, Action action) implements Need {
    }

    /** {@code DELETE /v2/<name>/}: deleting the whole repository, for its administrators. */
    Pattern REPOSITORY_ROOT = Pattern.compile("/v2/(.+)/");

    Pattern REPOSITORY_PATH =
            Pattern.compile("/v2/(.+)/(blobs/uploads(?:/[^/]*)?|blobs/[^/]+|manifests/[^/]+|tags/list|referrers/[^/]+)");

    static Need of(String method, String path) {
        if (path.equals("/v2") || path.equals("/v2/") || path.equals("/v2/_catalog")) {
            return new Login();
        }
        Matcher root = REPOSITORY_ROOT.matcher(path);
        if (method.equals("DELETE") && root.matches() && RepositoryName.isValid(root.group(1))) {
            return new OnRepository(RepositoryName.of(root.group(1)), Action.ADMIN);
        }
        Matcher matcher = REPOSITORY_PATH.matcher(path);
        if (!matcher.matches() || !RepositoryName.isValid(matcher.group(1))) {
            return new Nothing();
        }
        RepositoryName repository = RepositoryName.of(matcher.group(1));
        String endpoint = matcher.group(2);
        if (endpoint.startsWith("blobs/uploads")) {
            return new OnRepository(repository, Action.PUSH);
        }
        return switch (method) {
            case "GET", "HEAD" -> new OnRepository(repository, Action.PULL);
            case "PUT" -> endpoint.startsWith("manifests/") ? new OnRepository(repository, Action.PUSH) : new Nothing();
            case "DELETE" -> endpoint.startsWith("manifests/") || endpoint.startsWith("blobs/")
                    ? new OnRepository(repository, Action.DELETE) : new Nothing();
            default -> new Nothing();   // no such endpoint: 405 for anyone
        };
    }
}
