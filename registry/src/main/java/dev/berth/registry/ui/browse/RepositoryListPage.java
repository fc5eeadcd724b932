package dev.berth.registry.ui.browse;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.catalog.RepositoryNames;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The repositories the viewer may pull, fifty to a page in name order, with what each holds; a search keeps those
 * whose name contains the words asked.
 */
public final class RepositoryListPage implements HttpService {

    static final int PAGE = 50;

    private final Storage storage;
    private final RepositorySummaries summaries;
    private final Layout layout;
    private final Clock clock;

    public RepositoryListPage(Storage storage, RepositorySummaries summaries, Layout layout, Clock clock) {
        this.storage = storage;
        this.summaries = summaries;
        this.layout = layout;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", RepositoryListPage::home)
                .get(UiPaths.ROOT, RepositoryListPage::home)
                .get(UiPaths.ROOT + "/", RepositoryListPage::home)
                .get(UiPaths.REPOSITORIES, this::list);
    }

    private static void home(ServerRequest request, ServerResponse response) {
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.LOCATION, UiPaths.REPOSITORIES);
        response.send();
    }

    private void list(ServerRequest request, ServerResponse response) throws IOException {
        Viewer viewer = Viewer.of(request);
        String query = request.query().first("q").orElse("").strip();
        Optional<String> after = request.query().first("after").filter(value -> !value.isEmpty());
        String needle = query.toLowerCase(Locale.ROOT);
        Predicate<RepositoryName> shown = name -> viewer.mayPull(name) && name.value().contains(needle);
        List<RepositoryName> names = RepositoryNames.after(storage.repositories(), after, PAGE + 1, shown);
        boolean more = names.size() > PAGE;
        List<RepositorySummary> rows = summaries.of(names.subList(0, Math.min(PAGE, names.size())));
        layout.send(response, viewer, "Repositories", join(Layout.heading(null, "Repositories"),
                search(query), rows.isEmpty() ? empty(query, after.isPresent()) : table(rows),
                pager(query, after.isPresent(), more ? Optional.of(rows.getLast().name().value()) : Optional.empty())));
    }

    private static Html search(String query) {
        return el("form", cls("search"), attr("method", "get"), attr("action", UiPaths.REPOSITORIES),
                attr("role", "search"),
                el("input", attr("type", "search"), attr("name", "q"), attr("value", query),
                        attr("placeholder", "Search repositories"), attr("aria-label", "Search repositories")),
                el("button", attr("type", "submit"), "Search"));
    }

    private Html table(List<RepositorySummary> rows) {
        Instant now = clock.instant();
        List<Html> body = new ArrayList<>();
        for (RepositorySummary row : rows) {
            body.add(el("tr",
                    el("td", el("a", attr("href", UiPaths.repository(row.name().value())), row.name().value())),
                    el("td", cls("number"), Integer.toString(row.tags())),
                    el("td", cls("number"), Format.bytes(row.size())),
                    el("td", Format.time(row.lastPush(), now)),
                    el("td", Format.time(row.lastPull(), now))));
        }
        return el("table", cls("repositories"),
                el("thead", el("tr", el("th", "Repository"), el("th", cls("number"), "Tags"),
                        el("th", cls("number"), "Size"), el("th", "Last push"), el("th", "Last pull"))),
                el("tbody", body));
    }

    private static Html empty(String query, boolean paged) {
        if (!query.isEmpty()) {
            return el("p", cls("empty"), "No repository you may see has “", query, "” in its name.");
        }
        return el("p", cls("empty"), paged ? "No more repositories."
                : "No repositories you may see yet. Push an image, and it shows here.");
    }

    private static Html pager(String query, boolean paged, Optional<String> next) {
        String search = query.isEmpty() ? "" : "q=" + UiPaths.query(query);
        return el("nav", cls("pager"),
                paged ? el("a", attr("href", UiPaths.REPOSITORIES + (search.isEmpty() ? "" : "?" + search)),
                        "First page") : null,
                next.map(last -> el("a", attr("rel", "next"), attr("href", UiPaths.REPOSITORIES + "?"
                        + (search.isEmpty() ? "" : search + "&") + "after=" + UiPaths.query(last)), "Next page"))
                        .orElse(null));
    }
}
