package dev.berth.registry.http;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Reads and validates the parts of a request the API handlers share: repository name, digests, paging. */
public final class Requests {

    private static final System.Logger LOG = System.getLogger(Requests.class.getName());

    private Requests() {
    }

    /** The repository named by the {@code name} path parameter: the one access control checked, if it is on. */
    public static RepositoryName repository(ServerRequest request) throws RegistryException {
        String name = request.path().pathParameters().get("name");
        Optional<AccessCheck> check = request.context().get(AccessCheck.class, AccessCheck.class);
        if (check.isPresent() && check.get().repository().filter(checked -> checked.value().equals(name))
                .isPresent()) {
            return check.get().repository().get();   // the very name access control checked, and validated
        }
        RepositoryName repository;
        try {
            repository = RepositoryName.of(name);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, e.getMessage());
        }
        if (check.isPresent() && !check.get().repository().equals(Optional.of(repository))) {
            LOG.log(System.Logger.Level.ERROR, request.prologue().method().text() + " " + request.path().rawPath()
                    + " was routed to repository " + repository + " but its access was checked for "
                    + check.get().repository().map(RepositoryName::value).orElse("no repository") + "; refused");
            throw RegistryException.of(ErrorCode.DENIED, "requested access to the resource is denied");
        }
        return repository;
    }

    /** The digest in a path parameter or query value. */
    public static Digest digest(String text) throws RegistryException {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, e.getMessage());
        }
    }

    public static Optional<String> query(ServerRequest request, String name) {
        return request.query().first(name).asOptional();
    }

    /** The {@code n} paging parameter: absent, or a number from 0 up. */
    public static Optional<Integer> pageSize(ServerRequest request) throws RegistryException {
        Optional<String> n = query(request, "n");
        if (n.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(n.get());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, 400,
                    "query parameter n must be a whole number from 0 up, got '" + n.get() + "'", null);
        }
    }

    /** Whether the request carries a body. */
    public static boolean hasBody(ServerRequest request) {
        return request.content().hasEntity();
    }
}
