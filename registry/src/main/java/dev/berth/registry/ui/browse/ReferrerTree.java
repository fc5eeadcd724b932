package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.UiPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What refers to a manifest, as a tree: its referrers (signatures, attestations, SBOMs, and what refers to those in
 * turn), and cosign's tags beside it ({@code sha256-<hex>.sig}, {@code .att}, {@code .sbom}).
 */
final class ReferrerTree {

    /** The most nodes drawn; a tree larger than this is cut, saying so. */
    static final int MAXIMUM = 200;
    private static final int DEPTH = 4;
    private static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");

    private final RepositoryStore store;
    private final RepositoryName repository;
    private int drawn;

    private ReferrerTree(RepositoryStore store, RepositoryName repository) {
        this.store = store;
        this.repository = repository;
    }

    /** The tree under the manifest, or null when nothing refers to it. */
    static Html of(RepositoryStore store, RepositoryName repository, Digest subject) throws IOException {
        ReferrerTree tree = new ReferrerTree(store, repository);
        List<Html> nodes = tree.children(subject, 0);
        if (nodes.isEmpty()) {
            return null;
        }
        return el("ul", cls("tree"), nodes, tree.drawn >= MAXIMUM
                ? el("li", cls("muted"), "… more than " + MAXIMUM + " referrers; the rest are not shown") : null);
    }

    private List<Html> children(Digest subject, int depth) throws IOException {
        List<Html> nodes = new ArrayList<>();
        for (ManifestRecord referrer : store.referrers(repository, subject)) {
            if (drawn++ >= MAXIMUM) {
                return nodes;
            }
            nodes.add(node(referrer, referrer.artifactType() == null ? "referrer" : referrer.artifactType(), depth));
        }
        if (subject.algorithm() == DigestAlgorithm.SHA256) {
            for (String suffix : COSIGN_SUFFIXES) {
                String tag = "sha256-" + subject.hex() + suffix;
                Optional<Digest> tagged = store.resolveTag(repository, Tag.of(tag));
                Optional<ManifestRecord> record = tagged.isEmpty() ? Optional.empty()
                        : store.manifest(repository, tagged.get());
                if (record.isPresent() && drawn++ < MAXIMUM) {
                    nodes.add(node(record.get(), "cosign " + suffix.substring(1) + " (tag " + tag + ")", depth));
                }
            }
        }
        return nodes;
    }

    private Html node(ManifestRecord record, String what, int depth) throws IOException {
        String digest = record.digest().toString();
        List<Html> below = depth + 1 < DEPTH ? children(record.digest(), depth + 1) : List.of();
        return el("li", el("span", cls("kind"), what), " ",
                el("a", attr("href", UiPaths.image(repository.value(), digest)), el("code",
                        attr("title", digest), Format.shortDigest(digest))),
                " ", el("span", cls("muted"), Format.bytes(record.size()) + " manifest, pushed "
                        + Format.exact(record.pushedAt())),
                below.isEmpty() ? null : el("ul", below));
    }
}
