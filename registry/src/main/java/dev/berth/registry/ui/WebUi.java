package dev.berth.registry.ui;

import dev.berth.cache.storage.Storage;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.SessionLogouts;
import dev.berth.registry.auth.Sessions;
import dev.berth.registry.http.ErrorResponses;
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
import dev.berth.registry.ui.lifecycle.LifecyclePage;
import dev.berth.registry.ui.session.LoginPages;
import dev.berth.registry.ui.storage.StoragePage;
import dev.berth.registry.usage.UsageHistory;
import dev.berth.registry.usage.UsageSampler;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.Optional;

/**
 * The registry's web UI, served by {@code berth serve} itself beside the API: its filter and its pages. Pages are
 * rendered on the server from {@link dev.berth.registry.ui.html.Html}, which escapes everything put in it; the one
 * script only copies text. A page that cannot be shown becomes an error page ({@link #errorPage()}), whether a page
 * refused it or the registry's error handling caught it.
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

    private final Parts parts;
    private final Optional<Sessions> sessions;
    private final Assets assets = Assets.load();
    private final Layout layout = assets.layout();
    private final UiFilter filter;

    private WebUi(Parts parts) {
        this.parts = parts;
        this.sessions = parts.access().flatMap(access -> access.tokens().map(tokens -> new Sessions(access, tokens,
                new SessionLogouts(parts.storage().settings(), parts.clock()))));
        this.filter = new UiFilter(parts.access(), sessions, layout);
    }

    public static WebUi create(Parts parts) {
        return new WebUi(parts);
    }

    /** How the registry's error handling answers a request for a page that failed: with a page. */
    public ErrorResponses.ErrorPage errorPage() {
        return filter;
    }

    /** Adds the UI's filter and pages to the routing. */
    public void register(HttpRouting.Builder routing) {
        Images images = new Images(parts.storage().blobs());
        RepositorySummaries summaries = new RepositorySummaries(parts.storage());
        routing.addFilter(filter);
        routing.error(UiException.class, (request, response, e) -> filter.send(request, response, e.status(),
                e.title(), e.getMessage()));
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
    }
}
