package dev.berth.registry.http;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Reads and validates the parts of a request the API handlers share: repository name, digests, paging. */
public final class Requests {

    private Requests() {
    }

    /** The repository named by the {@code name} path parameter. */
    public static RepositoryName repository(ServerRequest request) throws RegistryException {
        String name = request.path().pathParameters().get("name");
        try {
            return RepositoryName.of(name);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.NAME_INVALID, e.getMessage());
        }
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
