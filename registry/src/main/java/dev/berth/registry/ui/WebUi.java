package dev.berth.registry.ui;

import dev.berth.cache.storage.Storage;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.SessionLogouts;
import dev.berth.registry.auth.Sessions;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.manifest.ManifestDeletion;
import dev.berth.registry.signature.SignatureInspector;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.ui.assets.Assets;
import dev.berth.registry.ui.browse.DeletePages;
import dev.berth.registry.ui.browse.ImagePage;
import dev.berth.registry.ui.browse.Images;
import dev.berth.registry.ui.browse.RepositoryListPage;
import dev.berth.registry.ui.browse.RepositoryPages;
import dev.berth.registry.ui.browse.RepositorySummaries;
import dev.berth.registry.ui.browse.TagsPage;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import dev.berth.registry.ui.lifecycle.LifecyclePage;
import dev.berth.registry.ui.session.LoginPages;
import dev.berth.registry.ui.storage.StoragePage;
import dev.berth.registry.usage.UsageHistory;
import dev.berth.registry.usage.UsageSampler;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.Optional;

/**
 * The registry's web UI, served by {@code berth serve} itself beside the API: its filter and its pages. Pages are rendered on the server from
 * {@link dev.berth.registry.ui.html.Html}, which escapes everything put in it; the one script only copies text. A page
 * that cannot be shown becomes an error page in {@link UiFilter}.
 */
public final class WebUi {

    /**
     * What the pages read and act through.
     *
     * @param access    access control, if on: who may see and do what, and whose logins start sessions
     * @param deletion  deletes tags and manifests with the API's checks
     * @param signatures tells the signature status of manifests
     */
    public record Parts(Storage storage, Clock clock, Optional<Access> access, ManifestDeletion deletion,
                        SignatureInspector signatures, ImmutableTags immutable, Lifecycle lifecycle,
                        UsageHistory usage, UsageSampler sampler) {
    }

    private WebUi() {
    }

    /** Adds the UI's filter and pages to the routing. */
    public static void register(HttpRouting.Builder routing, Parts parts) {
        Optional<Sessions> sessions = parts.access().flatMap(access -> access.tokens().map(tokens ->
                new Sessions(access, tokens, new SessionLogouts(parts.storage().settings(), parts.clock()))));
        Assets assets = Assets.load();
        Layout layout = assets.layout();
        Images images = new Images(parts.storage().blobs());
        RepositorySummaries summaries = new RepositorySummaries(parts.storage());
        UiFilter filter = new UiFilter(parts.access(), sessions, layout);
        routing.addFilter(filter);
        routing.error(UiException.class, filter::failed);
        routing.register(assets)
                .register(new LoginPages(sessions, layout))
                .register(new RepositoryListPage(parts.storage(), summaries, layout, parts.clock()))
                .register(new RepositoryPages(parts.storage(),
                        new TagsPage(parts.storage(), images, parts.signatures(), parts.immutable(), summaries, layout,
                                parts.clock()),
                        new ImagePage(parts.storage(), images, parts.signatures(), parts.immutable(), layout,
                                parts.clock()),
                        new DeletePages(parts.storage(), parts.deletion(), summaries, layout)))
                .register(new StoragePage(parts.usage(), parts.sampler(), layout, parts.clock()))
                .register(new LifecyclePage(parts.storage(), parts.lifecycle(), layout));
        // Registered after every page, so that only what none of them is answers it.
        routing.any(UiPaths.ROOT + "/{rest:.*}", (request, response) -> {
            throw new UiException(404, "Not found", "There is no such page.");
        });
    }
}
