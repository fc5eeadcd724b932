package dev.berth.registry.referrer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageIndex;
import dev.berth.oci.manifest.MediaType;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryHeaders;
import dev.berth.registry.http.Requests;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The referrers API: manifests whose subject is a given digest, {@code /v2/<name>/referrers/<digest>}. */
public final class ReferrerService implements HttpService {

    private final Storage storage;
    private final ObjectMapper json;

    public ReferrerService(Storage storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/{name:.+}/referrers/{digest}", this::list);
    }

    private void list(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        Digest subject = Requests.digest(request.path().pathParameters().get("digest"));
        Optional<String> artifactType = Requests.query(request, "artifactType").filter(type -> !type.isEmpty());
        List<Descriptor> referrers = storage.repositories().referrers(repository, subject).stream()
                .filter(record -> artifactType.isEmpty() || artifactType.get().equals(record.artifactType()))
                .map(ManifestRecord::referrerDescriptor)
                .toList();
        if (artifactType.isPresent()) {
            response.header(RegistryHeaders.OCI_FILTERS_APPLIED, "artifactType");
        }
        response.header(HeaderNames.CONTENT_TYPE, MediaType.OCI_INDEX);
        response.send(json.writeValueAsBytes(ImageIndex.of(referrers)));
    }
}
