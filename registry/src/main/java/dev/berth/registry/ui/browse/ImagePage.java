package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.ImageConfig;
import dev.berth.oci.manifest.ImageIndex;
import dev.berth.oci.manifest.ImageManifest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.auth.Action;
import dev.berth.registry.signature.SignatureInspector;
import dev.berth.registry.signature.SignatureStatus;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.ui.UiException;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One manifest: what it is, its tags, the commands that pull it, its signatures, its platforms (an index) or layers
 * with the history that made each (an image), labels and annotations, what refers to it, and the manifest and config
 * as JSON.
 */
public final class ImagePage {

    private final Storage storage;
    private final Images images;
    private final SignatureInspector signatures;
    private final ImmutableTags immutable;
    private final Layout layout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ImagePage(Storage storage, Images images, SignatureInspector signatures, ImmutableTags immutable,
                     Layout layout, Clock clock) {
        this.storage = storage;
        this.images = images;
        this.signatures = signatures;
        this.immutable = immutable;
        this.layout = layout;
        this.clock = clock;
    }

    void show(ServerRequest request, ServerResponse response, RepositoryName repository, Digest digest)
            throws IOException, UiException {
        Viewer viewer = Viewer.of(request);
        Optional<ManifestRecord> found = storage.repositories().manifest(repository, digest);
        Optional<Images.Read> read = found.isEmpty() ? Optional.empty()
                : images.manifest(digest, found.get().mediaType());
        if (read.isEmpty()) {
            throw UiException.notFound("Manifest " + digest + " of " + repository);
        }
        ManifestRecord record = found.get();
        List<Tag> tags = storage.repositories().tagsOf(repository, digest);
        Optional<Tag> byTag = request.query().first("tag").filter(Tag::isValid).map(Tag::of).filter(tags::contains);
        SignatureStatus status = signatures.inspect(repository, digest, byTag, () -> read.get().raw().bytes());
        Optional<byte[]> config = read.get().manifest() instanceof ImageManifest image
                ? images.config(image.config()) : Optional.empty();
        Html trail = join(el("a", attr("href", UiPaths.REPOSITORIES), "Repositories"), " / ",
                el("a", attr("href", UiPaths.repository(repository.value())), repository.value()));
        layout.send(response, viewer, repository.value() + "@" + Format.shortDigest(digest.toString()), join(
                Layout.heading(trail, repository.value() + (byTag.map(tag -> ":" + tag.value())
                        .orElse("@" + Format.shortDigest(digest.toString())))),
                facts(viewer, repository, record, tags),
                PullCommands.of(request, repository.value(), byTag.map(Tag::value).orElse(digest.toString())),
                signatureSection(status),
                switch (read.get().manifest()) {
                    case ImageIndex index -> platforms(repository, index);
                    case ImageManifest image -> layers(image, config.flatMap(images::parseConfig));
                },
                labels(config.flatMap(images::parseConfig), read.get().manifest().annotations()),
                referrers(repository, digest),
                jsonSection("Manifest", "manifest-json", read.get().raw().bytes()),
                config.map(bytes -> jsonSection("Config", "config-json", bytes)).orElse(null)));
    }

    private Html facts(Viewer viewer, RepositoryName repository, ManifestRecord record, List<Tag> tags)
            throws IOException {
        Instant now = clock.instant();
        ImageFacts facts = images.facts(record.digest(), record.mediaType());
        String digest = record.digest().toString();
        boolean fixed = tags.stream().anyMatch(tag -> immutable.isImmutable(repository, tag));
        boolean mayDelete = viewer.may(repository, Action.DELETE) && (!fixed || viewer.may(repository, Action.ADMIN));
        List<Html> tagLinks = new ArrayList<>();
        for (Tag tag : tags) {
            tagLinks.add(el("span", cls("tag-chip"), tag.value(), immutable.isImmutable(repository, tag)
                    ? el("span", cls("badge immutable"), "immutable") : null));
        }
        return el("dl", cls("facts"),
                el("dt", "Digest"), el("dd", el("code", attr("id", "digest"), digest), " ",
                        el("button", attr("type", "button"), cls("copy"), attr("data-copy", digest), "Copy")),
                el("dt", "Media type"), el("dd", el("code", record.mediaType())),
                record.artifactType() == null ? null : join(el("dt", "Artifact type"),
                        el("dd", el("code", record.artifactType()))),
                el("dt", "Size"), el("dd", Format.bytes(facts.size()) + " (compressed, every platform)"),
                el("dt", "Platforms"), el("dd", TagsPage.platforms(facts)),
                el("dt", "Tags"), el("dd", tagLinks.isEmpty() ? Html.text("none") : join(tagLinks)),
                el("dt", "Pushed"), el("dd", Format.time(record.pushedAt(), now)),
                el("dt", "Last pulled"), el("dd", Format.time(storage.repositories().lastPulled(repository,
                        record.digest()), now)),
                mayDelete ? join(el("dt", "Actions"), el("dd", el("a", cls("danger"),
                        attr("href", UiPaths.deleteImage(repository.value(), digest)), "Delete this manifest")))
                        : null);
    }

    private static Html signatureSection(SignatureStatus status) {
        List<Html> rows = new ArrayList<>();
        for (SignatureStatus.Format format : status.formats()) {
            rows.add(el("tr", attr("data-format", format.format()),
                    el("td", format.format()),
                    el("td", cls("number"), Integer.toString(format.count())),
                    el("td", el("span", cls("badge " + switch (format.state()) {
                        case VERIFIED -> "verified";
                        case NOT_VERIFIED -> "failed";
                        case NOT_CHECKED -> "signed";
                    }), switch (format.state()) {
                        case VERIFIED -> "verified";
                        case NOT_VERIFIED -> "not verified";
                        case NOT_CHECKED -> "not checked";
                    })),
                    el("td", format.signers().isEmpty() ? Html.text(format.detail())
                            : join("by ", el("code", String.join(", ", format.signers())), " (" + format.detail()
                                    + ")"))));
        }
        return el("section", cls("signatures"), el("h2", "Signatures"),
                rows.isEmpty() ? el("p", cls("empty"), SignatureBadge.of(status), " No signatures in any format.")
                        : el("table", el("thead", el("tr", el("th", "Format"), el("th", cls("number"), "Count"),
                                el("th", "Status"), el("th", "Signed by"))), el("tbody", rows)),
                status.policy().map(policy -> el("p", cls("policy"), "Signature policy: " + policy)).orElse(null));
    }

    private static Html platforms(RepositoryName repository, ImageIndex index) {
        List<Html> rows = new ArrayList<>();
        for (Descriptor child : index.manifests()) {
            String digest = child.digest().toString();
            rows.add(el("tr",
                    el("td", child.platform() == null ? "—" : Images.platform(child.platform())),
                    el("td", el("a", attr("href", UiPaths.image(repository.value(), digest)), el("code",
                            attr("title", digest), Format.shortDigest(digest)))),
                    el("td", el("code", child.mediaType())),
                    el("td", cls("number"), Format.bytes(child.size()))));
        }
        return el("section", el("h2", "Manifests (" + index.manifests().size() + ")"),
                el("table", cls("platforms"), el("thead", el("tr", el("th", "Platform"), el("th", "Digest"),
                        el("th", "Media type"), el("th", cls("number"), "Manifest size"))), el("tbody", rows)));
    }

    /**
     * The layers beside the history entries that made them: every entry that is not an empty layer made the next
     * layer, in order. A base image may have recorded no history, so entries are matched to the last layers, and
     * earlier ones show none; where the history names more layers than there are, the layers are listed alone.
     */
    private static Html layers(ImageManifest image, Optional<ImageConfig> config) {
        List<ImageConfig.History> history = config.map(ImageConfig::history).orElse(List.of());
        long made = history.stream().filter(entry -> !entry.emptyLayer()).count();
        int unrecorded = image.layers().size() - (int) made;
        boolean aligned = !history.isEmpty() && unrecorded >= 0;
        List<Html> rows = new ArrayList<>();
        int layer = 0;
        if (aligned) {
            while (layer < unrecorded) {
                rows.add(layerRow(image.layers().get(layer), null, ++layer));
            }
            for (ImageConfig.History entry : history) {
                Descriptor descriptor = entry.emptyLayer() ? null : image.layers().get(layer++);
                rows.add(layerRow(descriptor, entry.createdBy(), layer));
            }
        } else {
            for (Descriptor descriptor : image.layers()) {
                rows.add(layerRow(descriptor, null, ++layer));
            }
        }
        long total = image.layers().stream().mapToLong(Descriptor::size).sum();
        return el("section", el("h2", "Layers (" + image.layers().size() + ", " + Format.bytes(total) + ")"),
                aligned || history.isEmpty() ? null : el("p", cls("muted"), "The config's history names more layers "
                        + "than the image has, so it is not shown beside them."),
                el("table", cls("layers"), el("thead", el("tr", el("th", "#"), el("th", "Created by"),
                        el("th", "Digest"), el("th", cls("number"), "Size"))), el("tbody", rows)));
    }

    private static Html layerRow(Descriptor descriptor, String createdBy, int number) {
        if (descriptor == null) {
            return el("tr", cls("empty-layer"), el("td", ""), el("td", el("code", createdBy == null ? "" : createdBy)),
                    el("td", cls("muted"), "no layer"), el("td", cls("number"), "—"));
        }
        String digest = descriptor.digest().toString();
        return el("tr", el("td", Integer.toString(number)),
                el("td", createdBy == null ? el("span", cls("muted"), "no history recorded") : el("code", createdBy)),
                el("td", el("code", attr("title", digest + " (" + descriptor.mediaType() + ")"),
                        Format.shortDigest(digest))),
                el("td", cls("number"), Format.bytes(descriptor.size())));
    }

    private static Html labels(Optional<ImageConfig> config, Map<String, String> annotations) {
        Map<String, String> labels = config.map(ImageConfig::config).map(ImageConfig.ContainerConfig::labels)
                .orElse(Map.of());
        return join(keyValues("Labels", "labels", labels), keyValues("Annotations", "annotations",
                annotations == null ? Map.of() : annotations));
    }

    private static Html keyValues(String title, String name, Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Html> rows = new ArrayList<>();
        new TreeMap<>(values).forEach((key, value) -> rows.add(el("tr", el("td", el("code", key)),
                el("td", value))));
        return el("section", el("h2", title), el("table", cls(name), el("tbody", rows)));
    }

    private Html referrers(RepositoryName repository, Digest digest) throws IOException {
        Html tree = ReferrerTree.of(storage.repositories(), repository, digest);
        return el("section", cls("referrers"), el("h2", "Referrers"), tree == null
                ? el("p", cls("empty"), "Nothing refers to this manifest: no signatures, attestations or SBOMs.")
                : tree);
    }

    /** A JSON document, pretty-printed, with a button that copies it. */
    private Html jsonSection(String title, String id, byte[] bytes) {
        String pretty;
        try {
            pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(bytes));
        } catch (IOException e) {
            pretty = new String(bytes, StandardCharsets.UTF_8);
        }
        return el("section", el("h2", title, " ", el("button", attr("type", "button"), cls("copy"),
                        attr("data-copy-from", id), "Copy")),
                el("pre", cls("json"), el("code", attr("id", id), pretty)));
    }
}
