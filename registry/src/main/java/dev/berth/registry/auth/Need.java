package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;

/** What a request needs to be let through, told from its method and path alone, before any handler runs. */
public sealed interface Need {

    /** Open to everyone: the health check, and paths that are no endpoint (they answer 404 to anyone). */
    record Nothing() implements Need {
    }

    /** Any caller the registry knows: the version check {@code /v2/} (how clients test a login) and the catalog. */
    record Login() implements Need {
    }

    /**
     * Administering the registry itself ({@code /v2/_berth/...}: garbage collection, lifecycle policies): for those
     * granted admin on every repository ({@code admins}, or a rule for {@code **}), by their own credentials.
     */
    record Administration() implements Need {
    }

    /** The prefix of the registry's own administration endpoints, which no repository name can begin with. */
    String ADMINISTRATION = "/v2/_berth/";

    /** An action on one repository. */
    record OnRepository(RepositoryName repository, Action action) implements Need {
    }

    /**
     * What a request needs. A path is split as the routes split it: the longest repository name followed by an
     * endpoint ({@code blobs/uploads/[ID]}, {@code blobs/DIGEST}, {@code manifests/REF}, {@code tags/list},
     * {@code referrers/DIGEST}), or {@code DELETE /v2/<name>/} for the whole repository. (Parsed by hand rather than
     * with a regular expression: this runs for every request.)
     */
    public static Need of(String method, String path) {
        if (path.equals("/v2") || path.equals("/v2/") || path.equals("/v2/_catalog")) {
            return new Login();
        }
        if (path.startsWith(ADMINISTRATION)) {
            return new Administration();
        }
        if (path.startsWith(SIGNATURES_EXTENSION)) {
            return signatures(method, path);
        }
        if (!path.startsWith("/v2/")) {
            return new Nothing();
        }
        if (method.equals("DELETE") && path.endsWith("/") && path.length() > 5) {
            return on(path.substring(4, path.length() - 1), Action.ADMIN);
        }
        for (int slash = path.lastIndexOf('/'); slash > 4; slash = path.lastIndexOf('/', slash - 1)) {
            Endpoint endpoint = Endpoint.at(path, slash + 1);
            if (endpoint != null) {
                Action action = endpoint.action(method);
                return action == null ? new Nothing() : on(path.substring(4, slash), action);
            }
        }
        return new Nothing();
    }

    /** The simple signing extension's prefix: {@code /extensions/v2/<name>/signatures/<digest>}. */
    String SIGNATURES_EXTENSION = "/extensions/v2/";

    /** Reading a manifest's simple signing signatures is a pull; adding one is a push. */
    private static Need signatures(String method, String path) {
        int at = path.lastIndexOf("/signatures/");
        if (at <= SIGNATURES_EXTENSION.length() || path.indexOf('/', at + "/signatures/".length()) >= 0) {
            return new Nothing();
        }
        Action action = switch (method) {
            case "GET", "HEAD" -> Action.PULL;
            case "PUT" -> Action.PUSH;
            default -> null;
        };
        return action == null ? new Nothing() : on(path.substring(SIGNATURES_EXTENSION.length(), at), action);
    }

    private static Need on(String name, Action action) {
        try {
            return new OnRepository(RepositoryName.of(name), action);
        } catch (IllegalArgumentException invalid) {
            return new Nothing();   // no route takes it: 404 for anyone
        }
    }

    /** The endpoints after a repository's name. */
    enum Endpoint {
        UPLOADS("blobs/uploads"), BLOBS("blobs/"), MANIFESTS("manifests/"), TAGS("tags/list"), REFERRERS("referrers/");

        /** The endpoints followed by one more path segment. */
        private static final Endpoint[] WITH_ARGUMENT = {BLOBS, MANIFESTS, REFERRERS};

        private final String prefix;

        Endpoint(String prefix) {
            this.prefix = prefix;
        }

        /** The endpoint that the rest of the path from {@code start} is, if any. */
        static Endpoint at(String path, int start) {
            int rest = path.length() - start;
            if (path.startsWith("blobs/uploads", start)) {
                int after = start + UPLOADS.prefix.length();
                return after == path.length() || path.charAt(after) == '/' && path.indexOf('/', after + 1) < 0
                        ? UPLOADS : null;
            }
            if (rest == TAGS.prefix.length() && path.startsWith(TAGS.prefix, start)) {
                return TAGS;
            }
            for (Endpoint endpoint : WITH_ARGUMENT) {
                int after = start + endpoint.prefix.length();
                if (path.startsWith(endpoint.prefix, start) && after < path.length() && path.indexOf('/', after) < 0) {
                    return endpoint;
                }
            }
            return null;
        }

        /** What the method on this endpoint does; null where there is no such route (404 or 405 for anyone). */
        Action action(String method) {
            if (this == UPLOADS) {
                return Action.PUSH;
            }
            return switch (method) {
                case "GET", "HEAD" -> Action.PULL;
                case "PUT" -> this == MANIFESTS ? Action.PUSH : null;
                case "DELETE" -> this == MANIFESTS || this == BLOBS ? Action.DELETE : null;
                default -> null;
            };
        }
    }
}
