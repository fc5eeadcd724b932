package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.audit.AuditLog;
import dev.berth.registry.auth.Action;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.manifest.ManifestDeletion;
import dev.berth.registry.ui.UiException;
import dev.berth.registry.ui.UiForm;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Deleting a tag or a manifest: a page that says what will go and asks to confirm, and the form it posts, which
 * deletes through the same checks as the API's {@code DELETE} (the right to delete in the repository, and immutable
 * tags giving way only to its administrators).
 */
public final class DeletePages {

    private final Storage storage;
    private final ManifestDeletion deletion;
    private final RepositorySummaries summaries;
    private final Layout layout;

    public DeletePages(Storage storage, ManifestDeletion deletion, RepositorySummaries summaries, Layout layout) {
        this.storage = storage;
        this.deletion = deletion;
        this.summaries = summaries;
        this.layout = layout;
    }

    void tag(ServerRequest request, ServerResponse response, RepositoryName repository, Tag tag, boolean post)
            throws IOException, UiException {
        Viewer viewer = Viewer.of(request);
        Optional<Digest> target = storage.repositories().resolveTag(repository, tag);
        if (target.isEmpty()) {
            throw UiException.notFound("Tag " + tag + " of " + repository);
        }
        requireMayDelete(viewer, repository, Optional.of(tag), Optional.empty());
        String what = "tag " + tag.value() + " of " + repository.value();
        if (!post) {
            confirm(response, viewer, repository, "Delete tag " + tag.value(), join(
                    el("p", "Delete the tag ", el("strong", tag.value()), " of ", el("strong", repository.value()),
                            "? It points at ", el("code", target.get().toString()), "."),
                    el("p", "The manifest itself stays, with any other tags; pulls of this tag will fail.")),
                    UiPaths.deleteTag(repository.value(), tag.value()), "Delete tag");
            return;
        }
        UiForm.read(request, viewer);
        delete(request, viewer, repository, what, () -> deletion.deleteTag(request, viewer.name(), repository, tag,
                viewer.may(repository, Action.ADMIN)));
        done(response, repository, what);
    }

    void manifest(ServerRequest request, ServerResponse response, RepositoryName repository, Digest digest,
                  boolean post) throws IOException, UiException {
        Viewer viewer = Viewer.of(request);
        if (storage.repositories().manifest(repository, digest).isEmpty()) {
            throw UiException.notFound("Manifest " + digest + " of " + repository);
        }
        requireMayDelete(viewer, repository, Optional.empty(), Optional.of(digest));
        String what = "manifest " + digest + " of " + repository.value();
        if (!post) {
            List<Tag> tags = storage.repositories().tagsOf(repository, digest);
            confirm(response, viewer, repository, "Delete manifest", join(
                    el("p", "Delete the manifest ", el("code", digest.toString()), " of ",
                            el("strong", repository.value()), "?"),
                    el("p", tags.isEmpty() ? "No tag points at it."
                            : "These tags point at it and go with it: " + String.join(", ",
                                    tags.stream().map(Tag::value).toList()) + "."),
                    el("p", "Its signatures go with it; its layers are reclaimed by the next garbage collection "
                            + "once nothing else uses them. This cannot be undone.")),
                    UiPaths.deleteImage(repository.value(), digest.toString()), "Delete manifest");
            return;
        }
        UiForm.read(request, viewer);
        delete(request, viewer, repository, what, () -> deletion.deleteManifest(request, viewer.name(), repository,
                digest, viewer.may(repository, Action.ADMIN)));
        done(response, repository, what);
    }

    private void requireMayDelete(Viewer viewer, RepositoryName repository, Optional<Tag> tag,
                                  Optional<Digest> digest) throws IOException, UiException {
        if (!viewer.may(repository, Action.DELETE)) {
            throw UiException.forbidden("You may not delete anything in " + repository + ".");
        }
        List<Tag> fixed = deletion.immutableIn(repository, tag, digest, viewer.may(repository, Action.ADMIN));
        if (!fixed.isEmpty()) {
            throw UiException.forbidden("Tag " + fixed.getFirst() + " of " + repository + " is immutable: only an "
                    + "administrator of " + repository + " may delete it.");
        }
    }

    @FunctionalInterface
    private interface Deletion {
        void run() throws RegistryException, IOException;
    }

    private void delete(ServerRequest request, Viewer viewer, RepositoryName repository, String what,
                        Deletion deletion) throws IOException, UiException {
        try {
            deletion.run();
        } catch (RegistryException e) {
            AuditLog.record(AuditLog.Event.WRITE, viewer.name(), request.remotePeer().host(), "delete " + what
                    + " (web UI)", repository.value(), "refused: " + e.getMessage());
            throw new UiException(e.status(), "Not deleted", "The " + what + " was not deleted: " + e.getMessage()
                    + ".");
        }
        summaries.changed(repository);
        AuditLog.record(AuditLog.Event.WRITE, viewer.name(), request.remotePeer().host(), "delete " + what
                + " (web UI)", repository.value(), "ok");
    }

    private void confirm(ServerResponse response, Viewer viewer, RepositoryName repository, String title,
                         Html explanation, String action, String button) {
        Html trail = join(el("a", attr("href", UiPaths.REPOSITORIES), "Repositories"), " / ",
                el("a", attr("href", UiPaths.repository(repository.value())), repository.value()));
        layout.send(response, viewer, title, join(Layout.heading(trail, title), explanation,
                el("form", cls("confirm"), attr("method", "post"), attr("action", action), Layout.formToken(viewer),
                        el("button", attr("type", "submit"), cls("danger"), button), " ",
                        el("a", attr("href", UiPaths.repository(repository.value())), "Cancel"))));
    }

    private static void done(ServerResponse response, RepositoryName repository, String what) {
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.LOCATION, UiPaths.repository(repository.value()) + "?deleted="
                + UiPaths.query(what));
        response.send();
    }
}
