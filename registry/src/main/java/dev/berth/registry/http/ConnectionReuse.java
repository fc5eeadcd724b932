package dev.berth.registry.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides, as each response goes out, whether its connection may carry another request. Never when the client
 * asked for {@code Connection: close}, and never when a response is sent before its request's body was read and
 * the server cannot be sure where that body ends: after {@code Expect: 100-continue} without a 100 (the client may
 * or may not send the body), or with more than {@value #MAX_DRAIN} bytes or an unknown length left to drain.
 * Reading such a body's bytes as the next request is how a client slips requests past a proxy in front
 * (request smuggling); smaller bodies are drained by the web server and the connection kept.
 */
public final class ConnectionReuse implements Filter {

    static final long MAX_DRAIN = 1024 * 1024;

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        AtomicBoolean close = new AtomicBoolean();
        response.beforeSend(() -> {
            if (mustClose(request.headers(), request.content().consumed())) {
                close.set(true);
                response.header(HeaderValues.CONNECTION_CLOSE);
            }
        });
        chain.proceed();
        if (close.get()) {
            // The header alone only stops the web server draining the body; this closes the connection.
            throw new CloseConnectionException("closing the connection after " + request.prologue().method().text()
                    + " " + request.path().rawPath() + ": the request asked for it, or its body was left unread");
        }
    }

    static boolean mustClose(ServerRequestHeaders headers, boolean bodyRead) {
        if (headers.contains(HeaderNames.CONNECTION) && headers.get(HeaderNames.CONNECTION).allValues().stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("close"))) {
            return true;
        }
        if (bodyRead || !hasBody(headers)) {
            return false;
        }
        return headers.contains(HeaderNames.EXPECT)
                || headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.contentLength().orElse(Long.MAX_VALUE) > MAX_DRAIN;
    }

    private static boolean hasBody(ServerRequestHeaders headers) {
        return headers.contains(HeaderNames.TRANSFER_ENCODING) || headers.contentLength().orElse(0) > 0;
    }
}
