package dev.berth.registry.ui.html;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.registry.ui.Viewer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * The frame of every page: the head with the registry's own stylesheet and script, the bar with navigation and who is
 * logged in, and the content.
 *
 * @param stylesheet the stylesheet's address (with its content's hash, so browsers may keep it for good)
 * @param script     the script's address, likewise
 * @param icon       the icon's address, likewise (so browsers ask for no {@code /favicon.ico})
 */
public record Layout(String stylesheet, String script, String icon) {

    /** The field every form carries with the viewer's form token. */
    public static final String FORM_TOKEN = "csrf";

    /** Sends a page. */
    public void send(ServerResponse response, Viewer viewer, String title, Html content) {
        send(response, Status.OK_200, viewer, title, content);
    }

    public void send(ServerResponse response, Status status, Viewer viewer, String title, Html content) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.send(page(viewer, title, content).getBytes(StandardCharsets.UTF_8));
    }

    /** A whole document. */
    public String page(Viewer viewer, String title, Html content) {
        Html head = el("head",
                el("meta", attr("charset", "utf-8")),
                el("meta", attr("name", "viewport"), attr("content", "width=device-width, initial-scale=1")),
                el("title", title + " · Berth"),
                el("link", attr("rel", "stylesheet"), attr("href", stylesheet)),
                el("link", attr("rel", "icon"), attr("href", icon), attr("type", "image/svg+xml")),
                el("script", attr("src", script), Html.flag("defer", true)));
        Html body = el("body", bar(viewer), el("main", content));
        return "<!doctype html>" + el("html", attr("lang", "en"), head, body).markup();
    }

    private Html bar(Viewer viewer) {
        Html navigation = el("nav",
                el("a", attr("href", UiPaths.REPOSITORIES), "Repositories"),
                viewer.administrator() ? el("a", attr("href", UiPaths.STORAGE), "Storage") : null,
                viewer.administrator() ? el("a", attr("href", UiPaths.LIFECYCLE), "Lifecycle") : null);
        Html who;
        if (!viewer.accessControlled()) {
            who = el("span", cls("who"), attr("title", "no users are configured: everyone may do everything"),
                    "access control off");
        } else if (viewer.signedIn()) {
            who = el("form", cls("who"), attr("method", "post"), attr("action", UiPaths.LOGOUT),
                    el("span", cls("identity"), viewer.name()), formToken(viewer),
                    el("button", attr("type", "submit"), "Log out"));
        } else {
            who = el("a", cls("who"), attr("href", viewer.page().startsWith(UiPaths.LOGIN) ? UiPaths.LOGIN
                    : UiPaths.LOGIN + "?next=" + UiPaths.query(viewer.page())), "Log in");
        }
        return el("header", cls("bar"), el("a", cls("brand"), attr("href", UiPaths.REPOSITORIES), "Berth"),
                navigation, who);
    }

    /** The hidden field with the viewer's form token, which every form must carry. */
    public static Html formToken(Viewer viewer) {
        return el("input", attr("type", "hidden"), attr("name", FORM_TOKEN), attr("value", viewer.formToken()));
    }

    /** A heading with the trail of pages above this one. */
    public static Html heading(Html trail, String title) {
        return join(trail == null ? null : el("p", cls("trail"), trail), el("h1", title));
    }
}
