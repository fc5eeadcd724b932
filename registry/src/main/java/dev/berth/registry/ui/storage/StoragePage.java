package dev.berth.registry.ui.storage;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.registry.ui.UiException;
import dev.berth.registry.ui.UiForm;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import dev.berth.registry.usage.UsageHistory;
import dev.berth.registry.usage.UsageSample;
import dev.berth.registry.usage.UsageSampler;
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
import java.util.Optional;

/**
 * Storage at a glance, for the registry's administrators: what it stores, the largest repositories, the last thirty
 * days, and what garbage collection reclaimed. Measured hourly, or now on request.
 */
public final class StoragePage implements HttpService {

    static final int DAYS = 30;
    static final int COLLECTIONS = 10;

    private final UsageHistory history;
    private final UsageSampler sampler;
    private final Layout layout;
    private final Clock clock;

    public StoragePage(UsageHistory history, UsageSampler sampler, Layout layout, Clock clock) {
        this.history = history;
        this.sampler = sampler;
        this.layout = layout;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(UiPaths.STORAGE, this::show)
                .post(UiPaths.STORAGE + "/measure", this::measure);
    }

    private void measure(ServerRequest request, ServerResponse response) throws IOException, UiException {
        Viewer viewer = Viewer.of(request).requireAdministrator("its storage");
        UiForm.read(request, viewer);
        sampler.sample();
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.LOCATION, UiPaths.STORAGE);
        response.send();
    }

    private void show(ServerRequest request, ServerResponse response) throws IOException, UiException {
        Viewer viewer = Viewer.of(request).requireAdministrator("its storage");
        Optional<UsageSample> latest = history.latest();
        Instant now = clock.instant();
        Html measure = el("form", cls("inline"), attr("method", "post"), attr("action", UiPaths.STORAGE + "/measure"),
                Layout.formToken(viewer), el("button", attr("type", "submit"), "Measure now"));
        Html summary = latest.map(sample -> el("dl", cls("facts"),
                el("dt", "Stored"), el("dd", Format.bytes(sample.storedBytes()) + " in " + sample.blobs() + " blobs"),
                el("dt", "Repositories"), el("dd", Integer.toString(sample.repositories())),
                el("dt", "Measured"), el("dd", Format.time(sample.at(), now)))).orElse(el("p", cls("empty"),
                "Not measured yet: the registry measures every hour, or now if you ask."));
        layout.send(response, viewer, "Storage", join(Layout.heading(null, "Storage"), summary, measure,
                latest.map(StoragePage::largest).orElse(null), overTime(), collections(now)));
    }

    private static Html largest(UsageSample sample) {
        List<Charts.Bar> bars = sample.largest().stream().map(size -> new Charts.Bar(size.repository(), size.bytes()))
                .toList();
        return join(el("h2", "Size by repository"), bars.isEmpty() ? el("p", cls("empty"), "No repositories.")
                : Charts.horizontal("The largest repositories by size", bars),
                el("p", cls("hint"), "A layer two repositories share counts in both."));
    }

    private Html overTime() throws IOException {
        List<UsageHistory.Day> days = history.days(DAYS);
        List<String> labels = new ArrayList<>();
        List<Long> stored = new ArrayList<>();
        List<Long> reclaimed = new ArrayList<>();
        for (UsageHistory.Day day : days) {
            labels.add(day.date().toString());
            stored.add(day.sample().map(UsageSample::storedBytes).orElse(0L));
            reclaimed.add(day.reclaimedBytes());
        }
        return join(el("h2", "The last " + DAYS + " days"),
                Charts.daily("Bytes stored per day, and bytes garbage collection reclaimed", labels, stored,
                        reclaimed),
                el("p", cls("hint"), "Blue: stored at the day's last measurement. Green: reclaimed by garbage "
                        + "collection that day."));
    }

    private Html collections(Instant now) throws IOException {
        List<UsageHistory.Collection> all = history.collections();
        if (all.isEmpty()) {
            return join(el("h2", "Garbage collection"), el("p", cls("empty"), "No garbage collection has run yet "
                    + "(berth gc, or gc.every in the config)."));
        }
        List<Html> rows = new ArrayList<>();
        long total = 0;
        for (UsageHistory.Collection collection : all) {
            total += collection.bytes();
        }
        for (UsageHistory.Collection collection : all.reversed().subList(0, Math.min(COLLECTIONS, all.size()))) {
            rows.add(el("tr", el("td", Format.time(collection.finished(), now)),
                    el("td", cls("number"), Integer.toString(collection.manifests())),
                    el("td", cls("number"), Long.toString(collection.blobs())),
                    el("td", cls("number"), Format.bytes(collection.bytes()))));
        }
        return join(el("h2", "Garbage collection"),
                el("p", "Reclaimed " + Format.bytes(total) + " in " + all.size() + " collection"
                        + (all.size() == 1 ? "" : "s") + " over the last " + UsageHistory.KEPT_DAYS + " days."),
                el("table", cls("collections"), el("thead", el("tr", el("th", "Finished"),
                        el("th", cls("number"), "Manifests"), el("th", cls("number"), "Blobs"),
                        el("th", cls("number"), "Reclaimed"))), el("tbody", rows)));
    }
}
