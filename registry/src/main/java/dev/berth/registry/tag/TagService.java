package dev.berth.registry.tag;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
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

/** Listing a repository's tags, with {@code n}/{@code last} paging: {@code /v2/<name>/tags/list}. */
public final class TagService implements HttpService {

    private final Storage storage;
    private final ObjectMapper json;

    public TagService(Storage storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    /** The response body. */
    record TagList(String name, List<String> tags) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/{name:.+}/tags/list", this::list);
    }

    private void list(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        if (!storage.repositories().exists(repository)) {
            throw RegistryException.of(ErrorCode.NAME_UNKNOWN, "repository " + repository + " does not exist");
        }
        Optional<Integer> n = Requests.pageSize(request);
        Optional<String> last = Requests.query(request, "last");
        // One more than the page, to know whether another follows.
        List<Tag> listed = n.isPresent() ? storage.repositories().tags(repository, last, n.get() + 1)
                : storage.repositories().tags(repository);
        Page page = Page.of(listed.stream().map(Tag::value).toList(), n, last);
        if (page.next().isPresent()) {
            response.header(RegistryHeaders.LINK, page.nextLink("/v2/" + repository + "/tags/list", n.orElseThrow()));
        }
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json.writeValueAsBytes(new TagList(repository.value(), page.entries())));
    }
}
