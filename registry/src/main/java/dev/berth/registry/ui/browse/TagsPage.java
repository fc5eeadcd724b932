package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.auth.Action;
import dev.berth.registry.gc.RepositoryContents;
import dev.berth.registry.signature.SignatureInspector;
import dev.berth.registry.signature.SignatureStatus;
import dev.berth.registry.signature.SignatureTags;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A repository's tags, a hundred to a page: what each points at, for which platforms, how big, when pushed and
 * pulled, whether signed and verified, whether immutable; then the images no tag points at. Cosign's signature tags
 * are left out of the list: they show as the signatures of what they sign.
 */
public final class TagsPage {

    static final int PAGE = 100;
    /** The untagged images listed below the tags at most. */
    static final int UNTAGGED = 50;

    private final Storage storage;
    private final Images images;
    private final SignatureInspector signatures;
    private final ImmutableTags immutable;
    private final RepositorySummaries summaries;
    private final Layout layout;
    private final Clock clock;

    public TagsPage(Storage storage, Images images, SignatureInspector signatures, ImmutableTags immutable,
                    RepositorySummaries summaries, Layout layout, Clock clock) {
        this.storage = storage;
        this.images = images;
        this.signatures = signatures;
        this.immutable = immutable;
        this.summaries = summaries;
        this.layout = layout;
        this.clock = clock;
    }

    private record Row(Tag tag, ManifestRecord record, ImageFacts facts, Optional<Instant> pulled,
                       SignatureStatus signatures, boolean immutable) {
    }

    void show(ServerRequest request, ServerResponse response, RepositoryName repository) throws IOException {
        Viewer viewer = Viewer.of(request);
        Optional<String> after = request.query().first("after").filter(value -> !value.isEmpty());
        List<Tag> tags = page(repository, after);
        boolean more = tags.size() > PAGE;
        List<Row> rows = SideBySide.read(tags.subList(0, Math.min(PAGE, tags.size())), tag -> row(repository, tag))
                .stream().flatMap(Optional::stream).toList();
        RepositorySummary summary = summaries.of(repository);
        Html trail = el("a", attr("href", UiPaths.REPOSITORIES), "Repositories");
        layout.send(response, viewer, repository.value(), join(
                Layout.heading(trail, repository.value()),
                deleted(request, repository),
                el("p", cls("facts"), Format.count(summary.tags(), "tag") + " · "
                        + Format.count(summary.manifests(), "manifest") + " · " + Format.bytes(summary.size())),
                PullCommands.of(request, repository.value(), rows.isEmpty() ? "latest" : rows.getFirst().tag().value()),
                rows.isEmpty() ? el("p", cls("empty"), after.isPresent() ? "No more tags." : "No tags.")
                        : table(viewer, repository, rows),
                more ? el("nav", cls("pager"), el("a", attr("rel", "next"), attr("href",
                        UiPaths.repository(repository.value()) + "?after=" + UiPaths.query(rows.getLast().tag().value())),
                        "Next page")) : null,
                after.isEmpty() ? untagged(viewer, repository) : null));
    }

    /** The notice after a deletion the UI made here ({@code ?deleted=tag x of repository}). */
    private static Html deleted(ServerRequest request, RepositoryName repository) {
        return request.query().first("deleted")
                .filter(what -> what.matches("(tag|manifest) [A-Za-z0-9_.:-]+ of " + Pattern.quote(
                        repository.value())))
                .map(what -> el("p", cls("notice"), attr("role", "status"), "Deleted " + what + "."))
                .orElse(null);
    }

    /** Up to a page and one of the repository's tags after {@code after}, signature tags left out. */
    private List<Tag> page(RepositoryName repository, Optional<String> after) throws IOException {
        RepositoryStore store = storage.repositories();
        List<Tag> tags = new ArrayList<>();
        Optional<String> from = after;
        while (tags.size() <= PAGE) {
            List<Tag> batch = store.tags(repository, from, 1000);
            for (Tag tag : batch) {
                if (!SignatureTags.isSignatureTag(tag.value()) && tags.size() <= PAGE) {
                    tags.add(tag);
                }
            }
            if (batch.size() < 1000) {
                break;
            }
            from = Optional.of(batch.getLast().value());
        }
        return tags;
    }

    private Optional<Row> row(RepositoryName repository, Tag tag) throws IOException {
        Optional<Digest> digest = storage.repositories().resolveTag(repository, tag);
        Optional<ManifestRecord> record = digest.isEmpty() ? Optional.empty()
                : storage.repositories().manifest(repository, digest.get());
        if (record.isEmpty()) {
            return Optional.empty();   // deleted while this page was read
        }
        ManifestRecord found = record.get();
        return Optional.of(new Row(tag, found, images.facts(found.digest(), found.mediaType()),
                storage.repositories().lastPulled(repository, found.digest()),
                signatures.inspect(repository, found.digest(), Optional.of(tag),
                        () -> storage.blobs().readAll(found.digest())),
                immutable.isImmutable(repository, tag)));
    }

    private Html table(Viewer viewer, RepositoryName repository, List<Row> rows) {
        Instant now = clock.instant();
        boolean mayDelete = viewer.may(repository, Action.DELETE);
        boolean administers = viewer.may(repository, Action.ADMIN);
        List<Html> body = new ArrayList<>();
        for (Row row : rows) {
            String digest = row.record().digest().toString();
            body.add(el("tr", attr("data-tag", row.tag().value()),
                    el("td", el("a", attr("href", UiPaths.image(repository.value(), digest) + "?tag="
                            + UiPaths.query(row.tag().value())), cls("tag"), row.tag().value())),
                    el("td", el("a", attr("href", UiPaths.image(repository.value(), digest)), el("code",
                            attr("title", digest), Format.shortDigest(digest)))),
                    el("td", el("span", attr("title", row.record().mediaType()), Kinds.of(row.record()))),
                    el("td", platforms(row.facts())),
                    el("td", cls("number"), Format.bytes(row.facts().size())),
                    el("td", Format.time(row.record().pushedAt(), now)),
                    el("td", Format.time(row.pulled(), now)),
                    el("td", SignatureBadge.of(row.signatures())),
                    el("td", row.immutable() ? el("span", cls("badge immutable"), "immutable") : null),
                    el("td", mayDelete && (!row.immutable() || administers) ? el("a", cls("danger"),
                            attr("href", UiPaths.deleteTag(repository.value(), row.tag().value())), "Delete")
                            : null)));
        }
        return el("table", cls("tags"),
                el("thead", el("tr", el("th", "Tag"), el("th", "Digest"), el("th", "Type"), el("th", "Platforms"),
                        el("th", cls("number"), "Size"), el("th", "Pushed"), el("th", "Pulled"),
                        el("th", "Signatures"), el("th", "Immutable"), el("th", attr("aria-label", "Actions")))),
                el("tbody", body));
    }

    static Html platforms(ImageFacts facts) {
        return join(facts.platforms().isEmpty() ? "—" : String.join(", ", facts.platforms()),
                facts.attestations() > 0 ? el("span", cls("muted"), " + " + facts.attestations() + " attestation"
                        + (facts.attestations() == 1 ? "" : "s")) : null);
    }

    /** The images no tag points at: top-level manifests, not referrers and not listed by an index. */
    private Html untagged(Viewer viewer, RepositoryName repository) throws IOException {
        RepositoryContents contents = RepositoryContents.read(storage.repositories(), repository);
        Set<Digest> tagged = new HashSet<>(contents.tags().values());
        Set<Digest> listed = new HashSet<>();
        contents.records().values().forEach(record -> listed.addAll(record.children()));
        List<ManifestRecord> untagged = contents.records().values().stream()
                .filter(record -> record.subject() == null && !tagged.contains(record.digest())
                        && !listed.contains(record.digest()))
                .sorted((a, b) -> b.pushedAt().compareTo(a.pushedAt()))
                .toList();
        if (untagged.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        boolean mayDelete = viewer.may(repository, Action.DELETE);
        List<Html> body = new ArrayList<>();
        for (ManifestRecord record : untagged.subList(0, Math.min(UNTAGGED, untagged.size()))) {
            String digest = record.digest().toString();
            body.add(el("tr",
                    el("td", el("a", attr("href", UiPaths.image(repository.value(), digest)), el("code", digest))),
                    el("td", Kinds.of(record)),
                    el("td", Format.time(record.pushedAt(), now)),
                    el("td", mayDelete ? el("a", cls("danger"), attr("href", UiPaths.deleteImage(repository.value(),
                            digest)), "Delete") : null)));
        }
        return join(el("h2", "Untagged images (" + untagged.size() + ")"),
                el("table", cls("untagged"), el("thead", el("tr", el("th", "Digest"), el("th", "Type"),
                        el("th", "Pushed"), el("th", attr("aria-label", "Actions")))), el("tbody", body)));
    }
}
