package dev.berth.registry.ui.session;

import static dev.berth.registry.ui.html.Html.attr;
import static dev.berth.registry.ui.html.Html.cls;
import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.registry.auth.Sessions;
import dev.berth.registry.ui.UiException;
import dev.berth.registry.ui.UiFilter;
import dev.berth.registry.ui.UiForm;
import dev.berth.registry.ui.Viewer;
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
import java.time.Duration;
import java.util.Optional;

/**
 * Logging in to the web UI with a user name and password (or a robot's secret), or with a token, and logging out.
 * A login starts a session ({@link Sessions}) whose token the browser keeps in a cookie; a logout ends the
 * principal's sessions and clears the cookie.
 */
public final class LoginPages implements HttpService {

    private final Optional<Sessions> sessions;
    private final Layout layout;

    public LoginPages(Optional<Sessions> sessions, Layout layout) {
        this.sessions = sessions;
        this.layout = layout;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(UiPaths.LOGIN, this::form)
                .post(UiPaths.LOGIN, this::login)
                .post(UiPaths.LOGOUT, this::logout);
    }

    private void form(ServerRequest request, ServerResponse response) {
        Viewer viewer = Viewer.of(request);
        layout.send(response, viewer, "Log in", page(viewer, next(request.query().first("next").orElse("")), null));
    }

    private void login(ServerRequest request, ServerResponse response) throws IOException, UiException {
        Viewer viewer = Viewer.of(request);
        UiForm form = UiForm.read(request, viewer);
        if (sessions.isEmpty()) {
            throw UiException.badRequest("Access control is off: there is nothing to log in to.");
        }
        String address = request.remotePeer().host();
        String next = next(form.get("next").orElse(""));
        Sessions.Login outcome;
        if (form.get("token").isPresent()) {
            outcome = sessions.get().withToken(form.get("token").get(), address);
        } else {
            outcome = sessions.get().withPassword(form.get("username").orElse(""), form.get("password").orElse(""),
                    address);
        }
        switch (outcome) {
            case Sessions.Login.Started started -> {
                // A cookie for the browser's session; the token in it expires by itself.
                response.headers().addCookie(UiFilter.cookie(request, UiFilter.SESSION, started.session().token())
                        .build());
                redirect(response, next);
            }
            case Sessions.Login.Refused refused -> layout.send(response, Status.UNAUTHORIZED_401, viewer, "Log in",
                    page(viewer, next, "Wrong user name, password or token."));
            case Sessions.Login.Throttled throttled -> layout.send(response, Status.TOO_MANY_REQUESTS_429, viewer,
                    "Log in", page(viewer, next, "Too many failed logins: try again in "
                            + Math.max(1, throttled.retryAfter().toSeconds()) + " s."));
        }
    }

    private void logout(ServerRequest request, ServerResponse response) throws IOException, UiException {
        Viewer viewer = Viewer.of(request);
        UiForm.read(request, viewer);
        Optional<String> cookie = request.headers().cookies().first(UiFilter.SESSION).asOptional();
        if (sessions.isPresent() && cookie.isPresent()) {
            Optional<Sessions.Session> session = sessions.get().verify(cookie.get());
            if (session.isPresent()) {
                sessions.get().logout(session.get(), request.remotePeer().host());
            }
        }
        response.headers().addCookie(UiFilter.cookie(request, UiFilter.SESSION, "").maxAge(Duration.ZERO).build());
        redirect(response, UiPaths.LOGIN);
    }

    private Html page(Viewer viewer, String next, String error) {
        if (!viewer.accessControlled()) {
            return join(Layout.heading(null, "Log in"), el("p", "Access control is off: everyone may do everything, "
                    + "so there is nothing to log in to."));
        }
        return join(Layout.heading(null, "Log in"),
                error == null ? null : el("p", cls("error"), attr("role", "alert"), error),
                el("form", cls("login"), attr("method", "post"), attr("action", UiPaths.LOGIN),
                        Layout.formToken(viewer),
                        el("input", attr("type", "hidden"), attr("name", "next"), attr("value", next)),
                        el("label", "User name", el("input", attr("name", "username"),
                                attr("autocomplete", "username"), Html.flag("autofocus", true))),
                        el("label", "Password", el("input", attr("name", "password"), attr("type", "password"),
                                attr("autocomplete", "current-password"))),
                        el("details", el("summary", "Log in with a token instead"),
                                el("p", cls("hint"), "A refresh token of this registry's (the identity token "
                                        + "docker login keeps), or a token of a configured identity provider."),
                                el("label", "Token", el("textarea", attr("name", "token"), attr("rows", "3")))),
                        el("button", attr("type", "submit"), "Log in")));
    }

    /** Where to go after logging in: a page of the UI, never another site. */
    static String next(String asked) {
        boolean local = asked.startsWith(UiPaths.ROOT + "/") && !asked.startsWith("//") && !asked.contains("\\")
                && asked.chars().noneMatch(c -> c < 0x21 || c == 0x7f) && !asked.startsWith(UiPaths.LOGIN);
        return local ? asked : UiPaths.REPOSITORIES;
    }

    static void redirect(ServerResponse response, String location) {
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.LOCATION, location);
        response.send();
    }
}
