package dev.berth.registry.repository;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.Requests;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;

/**
 * Deleting a whole repository, as ECR's DeleteRepository and Harbor do: {@code DELETE /v2/<name>/} (an extension; the
 * distribution spec deletes only manifests and blobs), for administrators of the repository. Its manifests, tags and
 * blob links go; blobs stay for garbage collection; tokens issued before no longer work for the name.
 */
public final class RepositoryService implements HttpService {

    private final Storage storage;

    public RepositoryService(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.delete("/v2/{name:.+}/", this::delete);
    }

    private void delete(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        if (!storage.repositories().deleteRepository(repository)) {
            throw RegistryException.of(ErrorCode.NAME_UNKNOWN, "repository " + repository + " does not exist");
        }
        response.status(Status.ACCEPTED_202).send();
    }
}
