package dev.berth.registry.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The access log: one line per request with the client's address, method, path, status, bytes sent, time taken,
 * user agent and a request ID, which is also returned as {@code X-Request-Id} (a well-formed one the client or a
 * proxy sent is kept, so one ID follows a request through both logs). Adds the Docker API version header.
 *
 * <p>The fields go with the log record as its one parameter, a map, for a structured (JSON) log to print as they are.
 */
public final class RequestLog implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.berth.registry.access");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long start = System.nanoTime();
        String id = request.headers().first(RegistryHeaders.REQUEST_ID)
                .filter(given -> CLIENT_ID.matcher(given).matches())
                .orElseGet(RequestLog::newId);
        response.header(RegistryHeaders.API_VERSION, "registry/2.0");
        response.header(RegistryHeaders.REQUEST_ID, id);
        try {
            chain.proceed();
        } finally {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("client", request.remotePeer().host());
            fields.put("method", request.prologue().method().text());
            fields.put("path", request.path().rawPath());
            fields.put("status", response.status().code());
            fields.put("bytes", bodyBytes(request, response));
            fields.put("ms", (System.nanoTime() - start) / 1_000_000);
            fields.put("agent", request.headers().first(HeaderNames.USER_AGENT).orElse("-"));
            fields.put("request_id", id);
            LOG.log(System.Logger.Level.INFO, "{0}", fields);
        }
    }

    /** The body's bytes, as web servers' logs count them: its length as sent, none for HEAD. */
    private static long bodyBytes(RoutingRequest request, RoutingResponse response) {
        if (request.prologue().method().text().equals("HEAD")) {
            return 0;
        }
        return response.headers().contentLength().orElse(response.bytesWritten());
    }

    /** 16 random hex digits: unique enough to find one request in a day of logs. */
    private static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
