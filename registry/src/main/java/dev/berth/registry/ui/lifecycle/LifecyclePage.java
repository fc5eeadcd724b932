package dev.berth.registry.ui.lifecycle;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.cache.storage.Storage;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.lifecycle.InvalidPolicyException;
import dev.berth.registry.lifecycle.Lifecycle;
import dev.berth.registry.lifecycle.LifecyclePolicies;
import dev.berth.registry.lifecycle.LifecyclePolicy;
import dev.berth.registry.lifecycle.LifecyclePolicyParser;
import dev.berth.registry.lifecycle.LifecycleReport;
import dev.berth.registry.ui.UiException;
import dev.berth.registry.ui.UiForm;
import dev.berth.registry.ui.Viewer;
import dev.berth.registry.ui.html.Format;
import dev.berth.registry.ui.html.Html;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A lifecycle policy preview for the registry's administrators: paste an ECR lifecycle policy, name the repositories
 * it would apply to, and see which images it would expire now and by which rule, without anything being deleted. The
 * policies in force are listed beside it.
 */
public final class LifecyclePage implements HttpService {

    /** The most repositories one preview reads. */
    static final int MAXIMUM_REPOSITORIES = 1000;
    private static final String EXAMPLE = """
            {
              "rules": [{
                "rulePriority": 1,
                "description": "keep the last 10 images",
                "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
                "action": {"type": "expire"}
              }]
            }""";

    private final Storage storage;
    private final Lifecycle lifecycle;
    private final LifecyclePolicyParser parser = new LifecyclePolicyParser();
    private final Layout layout;

    public LifecyclePage(Storage storage, Lifecycle lifecycle, Layout layout) {
        this.storage = storage;
        this.lifecycle = lifecycle;
        this.layout = layout;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(UiPaths.LIFECYCLE, this::show)
                .post(UiPaths.LIFECYCLE, this::preview);
    }

    private void show(ServerRequest request, ServerResponse response) throws IOException, UiException {
        Viewer viewer = requireAdministrator(request);
        layout.send(response, viewer, "Lifecycle policies", page(viewer, "**", EXAMPLE, null));
    }

    private void preview(ServerRequest request, ServerResponse response) throws IOException, UiException {
        Viewer viewer = requireAdministrator(request);
        UiForm form = UiForm.read(request, viewer);
        String glob = form.get("repositories").orElse("**").strip();
        String document = form.get("policy").orElse("");
        RepositoryPattern pattern;
        LifecyclePolicy policy;
        try {
            pattern = RepositoryPattern.of(glob);
            policy = parser.parse(document.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | InvalidPolicyException e) {
            layout.send(response, Status.BAD_REQUEST_400, viewer, "Lifecycle policies", page(viewer, glob, document,
                    el("p", cls("error"), attr("role", "alert"), e.getMessage())));
            return;
        }
        List<LifecycleReport.Expired> expired = new ArrayList<>();
        int read = 0;
        boolean cut = false;
        for (RepositoryName repository : storage.repositories().repositories()) {
            if (!pattern.matches(repository)) {
                continue;
            }
            if (++read > MAXIMUM_REPOSITORIES) {
                cut = true;
                break;
            }
            expired.addAll(lifecycle.preview(repository, Optional.of(policy)).expired());
        }
        layout.send(response, viewer, "Lifecycle policies", page(viewer, glob, document,
                results(expired, Math.min(read, MAXIMUM_REPOSITORIES), cut)));
    }

    private static Viewer requireAdministrator(ServerRequest request) throws UiException {
        return Viewer.of(request).requireAdministrator("lifecycle policy previews");
    }

    private Html page(Viewer viewer, String glob, String document, Html outcome) throws IOException {
        return join(Layout.heading(null, "Lifecycle policies"),
                el("p", "Paste an ECR lifecycle policy to see what it would expire now. Nothing is deleted here."),
                el("form", cls("policy"), attr("method", "post"), attr("action", UiPaths.LIFECYCLE),
                        Layout.formToken(viewer),
                        el("label", "Repositories (a pattern: team/**, app, **)", el("input",
                                attr("name", "repositories"), attr("value", glob))),
                        el("label", "Policy (JSON, as ECR takes it)", el("textarea", attr("name", "policy"),
                                attr("rows", "14"), attr("spellcheck", "false"), document)),
                        el("div", el("button", attr("type", "submit"), "Preview"))),
                outcome,
                inForce());
    }

    private static Html results(List<LifecycleReport.Expired> expired, int repositories, boolean cut) {
        String scope = repositories + " repositor" + (repositories == 1 ? "y" : "ies")
                + (cut ? " (the first " + MAXIMUM_REPOSITORIES + " only)" : "");
        if (expired.isEmpty()) {
            return el("section", cls("preview"), el("h2", "Preview"), el("p", cls("notice"), attr("role", "status"),
                    "Nothing would expire in " + scope + "."));
        }
        List<Html> rows = new ArrayList<>();
        for (LifecycleReport.Expired image : expired) {
            rows.add(el("tr", el("td", el("a", attr("href", UiPaths.repository(image.repository())),
                            image.repository())),
                    el("td", el("a", attr("href", UiPaths.image(image.repository(), image.digest())),
                            el("code", attr("title", image.digest()), Format.shortDigest(image.digest())))),
                    el("td", image.tags().isEmpty() ? "untagged" : String.join(", ", image.tags())),
                    el("td", image.reason())));
        }
        return el("section", cls("preview"), el("h2", "Preview: " + expired.size() + " image"
                        + (expired.size() == 1 ? "" : "s") + " would expire in " + scope),
                el("table", cls("expired"), el("thead", el("tr", el("th", "Repository"), el("th", "Image"),
                        el("th", "Tags"), el("th", "Why"))), el("tbody", rows)));
    }

    private Html inForce() throws IOException {
        List<LifecyclePolicies.Assigned> all = lifecycle.policies().all();
        if (all.isEmpty()) {
            return join(el("h2", "In force"), el("p", cls("empty"), "No lifecycle policy is in force."));
        }
        List<Html> rows = new ArrayList<>();
        for (LifecyclePolicies.Assigned assigned : all) {
            rows.add(el("tr", el("td", el("code", assigned.repositories().glob())),
                    el("td", assigned.source().name().toLowerCase(Locale.ROOT)),
                    el("td", el("pre", cls("json"), el("code", assigned.document().toPrettyString())))));
        }
        return join(el("h2", "In force"), el("table", el("thead", el("tr", el("th", "Repositories"),
                el("th", "Set in"), el("th", "Policy"))), el("tbody", rows)));
    }
}
