package dev.berth.registry.ui;

import static dev.berth.registry.ui.html.Html.el;
import static dev.berth.registry.ui.html.Html.join;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.Access;
import dev.berth.registry.auth.Action;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.auth.Sessions;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.ui.html.Layout;
import dev.berth.registry.ui.html.UiPaths;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * In front of every page of the web UI: finds out who is looking (the session of the cookie, or nobody) and leaves a
 * {@link Viewer} in the request's context; refuses a state-changing request that another site's page sent; and marks
 * every answer so browsers run only the registry's own script and style, never frame it, and never keep a page.
 */
public final class UiFilter implements Filter, ErrorResponses.ErrorPage {

    /** The session cookie. */
    public static final String SESSION = "berth_session";
    /** The cookie that holds the form token of someone not logged in. */
    public static final String FORM = "berth_form";
    /** Nothing but the registry's own files; no inline script or style, no frames, no form to elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Optional<Access> access;
    private final Optional<Sessions> sessions;
    private final Layout layout;
    private final SecureRandom random = new SecureRandom();

    /** @param layout the frame of the error pages */
    public UiFilter(Optional<Access> access, Optional<Sessions> sessions, Layout layout) {
        this.access = access;
        this.sessions = sessions;
        this.layout = layout;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().rawPath();
        if (!path.equals("/") && !path.equals(UiPaths.ROOT) && !path.startsWith(UiPaths.ROOT + "/")) {
            chain.proceed();
            return;
        }
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "same-origin");
        response.header("Cross-Origin-Opener-Policy", "same-origin");
        response.header("Cross-Origin-Resource-Policy", "same-origin");
        if (!path.startsWith(UiPaths.ASSETS)) {
            response.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (request.prologue().method() != Method.GET && request.prologue().method() != Method.HEAD
                && crossSite(request)) {
            response.status(Status.FORBIDDEN_403);
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.send("Refused: this form was sent from another site.\n");
            return;
        }
        long started = System.nanoTime();
        // How long the page took to make, for the browser's developer tools and the benchmark.
        response.beforeSend(() -> response.header("Server-Timing", String.format(Locale.ROOT,
                "page;dur=%.1f", (System.nanoTime() - started) / 1e6)));
        request.context().register(Viewer.class, viewer(request, response));
        chain.proceed();
    }

    @Override
    public boolean isPage(ServerRequest request) {
        return request.context().get(Viewer.class, Viewer.class).isPresent();
    }

    /** The page for a request whose page could not be shown: what went wrong, in the UI's frame, never a trace. */
    @Override
    public void send(ServerRequest request, ServerResponse response, int status, String message) {
        String title = switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 503 -> "Storage unavailable";
            default -> status >= 500 ? "Something went wrong" : "Cannot do that";
        };
        send(request, response, status, title, status >= 500 && status != 503
                ? "This page could not be shown: " + message + "." : message);
    }

    void send(ServerRequest request, ServerResponse response, int status, String title, String message) {
        layout.send(response, Status.create(status), Viewer.of(request), title, join(el("h1", title),
                el("p", message)));
    }

    /**
     * Whether the browser says the request came from another origin: {@code Sec-Fetch-Site} where it sends one, else
     * an {@code Origin} whose host is not the one asked. (Form tokens are the check that counts; this one stops such
     * a request before its form is even read.)
     */
    private static boolean crossSite(RoutingRequest request) {
        Optional<String> site = request.headers().first(HeaderNames.create("Sec-Fetch-Site"));
        if (site.isPresent()) {
            return !site.get().equals("same-origin") && !site.get().equals("none");
        }
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return false;
        }
        Optional<String> host = request.headers().first(HeaderNames.HOST);
        try {
            URI from = URI.create(origin.get());
            String authority = from.getPort() < 0 ? from.getHost() : from.getHost() + ":" + from.getPort();
            return host.isEmpty() || !host.get().equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private Viewer viewer(RoutingRequest request, RoutingResponse response) {
        if (access.isEmpty()) {
            Set<Action> everything = EnumSet.allOf(Action.class);
            return new Viewer(new Principal.Anonymous(), false, false, formCookie(request, response),
                    repository -> everything, true, page(request));
        }
        Authorizer authorizer = access.get().authorizer().get();
        Optional<Sessions.Session> session = session(request);
        if (session.isPresent()) {
            Principal principal = session.get().principal();
            return new Viewer(principal, true, true, session.get().formToken(),
                    repository -> authorizer.granted(principal, repository), authorizer.administers(principal),
                    page(request));
        }
        Principal anonymous = new Principal.Anonymous();
        return new Viewer(anonymous, false, true, formCookie(request, response),
                (RepositoryName repository) -> authorizer.granted(anonymous, repository),
                authorizer.administers(anonymous), page(request));
    }

    /** The request's path and query, as the browser sent them. */
    private static String page(RoutingRequest request) {
        String query = request.query().rawValue();
        return request.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
    }

    private Optional<Sessions.Session> session(RoutingRequest request) {
        Optional<String> cookie = request.headers().cookies().first(SESSION).asOptional();
        if (cookie.isEmpty() || sessions.isEmpty()) {
            return Optional.empty();
        }
        try {
            return sessions.get().verify(cookie.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the session: " + e.getMessage(), e);
        }
    }

    /** The form token of a browser without a session: a random value in a cookie only this site's pages can read. */
    private String formCookie(RoutingRequest request, RoutingResponse response) {
        Optional<String> cookie = request.headers().cookies().first(FORM).asOptional()
                .filter(value -> value.matches("[0-9a-f]{40}"));
        if (cookie.isPresent()) {
            return cookie.get();
        }
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        response.headers().addCookie(cookie(request, FORM, token).build());
        return token;
    }

    /** A cookie for the UI's paths only, hidden from scripts, never sent with another site's requests. */
    public static SetCookie.Builder cookie(ServerRequest request, String name, String value) {
        return SetCookie.builder(name, value).path(UiPaths.ROOT).httpOnly(true).secure(request.isSecure())
                .sameSite(SetCookie.SameSite.STRICT);
    }
}
