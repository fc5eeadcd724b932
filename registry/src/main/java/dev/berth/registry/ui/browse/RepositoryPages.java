package dev.berth.registry.ui.browse;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.ui.UiException;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;

/**
 * The pages of one repository, under {@code /ui/repositories/<name>}: its tags, and after {@code /-/} an image or a
 * deletion to confirm. Every one first checks that the viewer may pull the repository and that it exists, and answers
 * the same "not found" when either is false.
 */
public final class RepositoryPages implements HttpService {

    private final Storage storage;
    private final TagsPage tags;
    private final ImagePage images;
    private final DeletePages deletions;

    public RepositoryPages(Storage storage, TagsPage tags, ImagePage images, DeletePages deletions) {
        this.storage = storage;
        this.tags = tags;
        this.images = images;
        this.deletions = deletions;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(UiPaths.REPOSITORIES + "/{path:.+}", (request, response) -> route(request, response, false))
                .post(UiPaths.REPOSITORIES + "/{path:.+}", (request, response) -> route(request, response, true));
    }

    /** A page of a repository: {@code <name>}, or {@code <name>/-/images/<digest>[/delete]} or {@code tags/<tag>/delete}. */
    private void route(ServerRequest request, ServerResponse response, boolean post) throws IOException, UiException {
        String path = request.path().pathParameters().get("path");
        int within = path.indexOf(UiPaths.WITHIN);
        String name = within < 0 ? path : path.substring(0, within);
        RepositoryName repository = pullable(Viewer.of(request), name);
        String[] page = within < 0 ? new String[0] : path.substring(within + UiPaths.WITHIN.length()).split("/", -1);
        if (page.length == 0 && !post) {
            tags.show(request, response, repository);
        } else if (page.length == 2 && page[0].equals("images") && !post) {
            images.show(request, response, repository, digest(page[1]));
        } else if (page.length == 3 && page[0].equals("images") && page[2].equals("delete")) {
            deletions.manifest(request, response, repository, digest(page[1]), post);
        } else if (page.length == 3 && page[0].equals("tags") && page[2].equals("delete")) {
            deletions.tag(request, response, repository, tag(page[1]), post);
        } else {
            throw UiException.notFound("This page");
        }
    }

    /** The repository, if the viewer may pull it and it exists; otherwise the one answer for both. */
    private RepositoryName pullable(Viewer viewer, String name) throws IOException, UiException {
        RepositoryName repository;
        try {
            repository = RepositoryName.of(name);
        } catch (IllegalArgumentException e) {
            throw UiException.noRepository(name);
        }
        if (!viewer.mayPull(repository) || !storage.repositories().exists(repository)) {
            throw UiException.noRepository(name);
        }
        return repository;
    }

    private static Digest digest(String text) throws UiException {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw UiException.notFound("Manifest " + text);
        }
    }

    private static Tag tag(String text) throws UiException {
        try {
            return Tag.of(text);
        } catch (IllegalArgumentException e) {
            throw UiException.notFound("Tag " + text);
        }
    }
}
