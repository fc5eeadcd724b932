package dev.berth.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.storage.StorageUnavailableException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns every failure into the distribution spec's JSON error body, in this one place; or, for the web UI's pages, into
 * an error page ({@link ErrorPage}).
 */
public final class ErrorResponses {

    private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());

    private final ObjectMapper json;
    private final Runnable storageUnavailable;
    private final Optional<ErrorPage> pages;

    /** How failures of requests for pages (not the API) are answered: as a page a browser shows. */
    public interface ErrorPage {

        /** Whether the request is one for a page. */
        boolean isPage(ServerRequest request);

        void send(ServerRequest request, ServerResponse response, int status, String message);
    }

    public ErrorResponses(ObjectMapper json) {
        this(json, () -> { }, Optional.empty());
    }

    /**
     * Error bodies, telling {@code storageUnavailable} of each request the storage failed (for the metrics), and
     * answering requests for pages with {@code pages}.
     */
    public ErrorResponses(ObjectMapper json, Runnable storageUnavailable, Optional<ErrorPage> pages) {
        this.json = json;
        this.storageUnavailable = storageUnavailable;
        this.pages = pages;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(RegistryException.class, this::answer);
        routing.error(HttpException.class, this::rejected);
        routing.error(UncheckedIOException.class, (req, res, e) -> failed(req, res, e.getCause()));
        routing.error(Exception.class, this::failed);
        routing.error(Error.class, this::failed);   // out of memory, above all: logged, never a silent 500
    }

    /** Answers a request the registry refuses, with the distribution spec's error body and the exception's headers. */
    public void answer(ServerRequest request, ServerResponse response, RegistryException e) {
        e.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
        send(request, response, e.status(), e.code().name(), e.getMessage(), e.detail());
    }

    /**
     * What the web server refuses before any service sees the request: no endpoint (404, or 405 for an endpoint's
     * path with another method) and malformed requests (their 4xx), logged as one line; a 5xx is a failure.
     */
    private void rejected(ServerRequest request, ServerResponse response, HttpException e) {
        int status = e.status().code();
        if (status >= 500) {
            failed(request, response, e);
            return;
        }
        String path = request.path().rawPath();
        String method = request.prologue().method().text();
        LOG.log(System.Logger.Level.INFO, "refused " + method + " " + path + ": " + status + " " + e.getMessage());
        if (status == 404 && ApiPaths.isEndpoint(path)) {
            send(request, response, 405, "UNSUPPORTED", method + " is not supported on " + path, null);
        } else if (status == 404) {
            send(request, response, 404, path.startsWith("/v2/") ? "NAME_UNKNOWN" : "UNSUPPORTED",
                    pages.isPresent() && pages.get().isPage(request) ? "There is no such page."
                            : "no such endpoint: " + path + " (the registry serves the OCI distribution API under /v2/)",
                    null);
        } else {
            send(request, response, status, "UNSUPPORTED", e.getMessage(), null);
        }
    }

    private void failed(ServerRequest request, ServerResponse response, Throwable e) {
        Optional<String> full = StorageFull.cause(e);
        if (full.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "request " + request.prologue().method().text() + " "
                    + request.path().rawPath() + " failed: the storage is full (" + full.get() + ")");
            send(request, response, 507, "UNKNOWN", "the registry's storage is full (" + full.get() + "); nothing "
                    + "of this request was kept, and it can be retried once space is freed", null);
            return;
        }
        Optional<StorageUnavailableException> unavailable = unavailable(e);
        if (unavailable.isPresent()) {
            storageUnavailable.run();
            LOG.log(System.Logger.Level.WARNING, "request " + request.prologue().method().text() + " "
                    + request.path().rawPath() + " failed: the storage is unavailable (" + unavailable.get()
                    .getMessage() + ")");
            response.header(HeaderNames.RETRY_AFTER, "5");
            send(request, response, 503, "UNAVAILABLE", "the registry's storage cannot be reached now; nothing of "
                    + "this request was kept, and it can be retried", null);
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "request " + request.prologue().method().text() + " "
                + request.path().rawPath() + " failed", e);
        send(request, response, 500, "UNKNOWN", "internal error: " + e.getMessage()
                + "; the registry log has the details", null);
    }

    private static Optional<StorageUnavailableException> unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailableException unavailable) {
                return Optional.of(unavailable);
            }
        }
        return Optional.empty();
    }

    private void send(ServerRequest request, ServerResponse response, int status, String code, String message,
                      Object detail) {
        if (response.isSent()) {
            return;
        }
        if (pages.isPresent() && pages.get().isPage(request)) {
            pages.get().send(request, response, status, message);
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (detail != null) {
            error.put("detail", detail);
        }
        response.status(Status.create(status));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        try {
            byte[] body = json.writeValueAsBytes(Map.of("errors", List.of(error)));
            if (request.prologue().method().text().equals("HEAD")) {
                response.send();
            } else {
                response.send(body);
            }
        } catch (JsonProcessingException impossible) {
            response.send();
        }
    }
}
