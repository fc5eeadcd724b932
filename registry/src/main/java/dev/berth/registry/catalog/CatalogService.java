package dev.berth.registry.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.http.AccessCheck;
import dev.berth.registry.http.Page;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryHeaders;
import dev.berth.registry.http.Requests;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Listing the registry's repositories, with {@code n}/{@code last} paging: {@code /v2/_catalog}. */
public final class CatalogService implements HttpService {

    private final Storage storage;
    private final ObjectMapper json;

    public CatalogService(Storage storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    /** The response body. */
    record Catalog(List<String> repositories) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/_catalog", this::list);
    }

    private void list(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        Optional<Integer> n = Requests.pageSize(request);
        Optional<String> last = Requests.query(request, "last");
        List<String> names = n.isPresent() ? pullable(request, last, n.get() + 1)
                : storage.repositories().repositories().stream().filter(AccessCheck.pullable(request))
                        .map(RepositoryName::value).toList();
        Page page = Page.of(names, n, last);
        if (page.next().isPresent()) {
            response.header(RegistryHeaders.LINK, page.nextLink("/v2/_catalog", n.orElseThrow()));
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.writeValueAsBytes(new Catalog(page.entries())));
    }

    private List<String> pullable(ServerRequest request, Optional<String> last, int wanted) throws IOException {
        return RepositoryNames.after(storage.repositories(), last, wanted, AccessCheck.pullable(request)).stream()
                .map(RepositoryName::value).toList();
    }
}
