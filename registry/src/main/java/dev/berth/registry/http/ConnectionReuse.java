package dev.berth.registry.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides, as each response goes out, whether its connection may carry another request. Never when the client
 * asked for {@code Connection: close}, and never when a response is sent before its request's body was read and
 * the server cannot be sure where that body ends: after {@code Expect: 100-continue} without a 100 (the client may
 * or may not send the body), or with more than {@value #MAX_DRAIN} bytes or an unknown length left to drain.
 * Reading such a body's bytes as the next request is how a client slips requests past a proxy in front
 * (request smuggling); smaller bodies are drained by the web server and the connection kept.
 *
 * <p>A connection closed with a body still arriving lingers first: the server ends its side, then reads and discards
 * what the client still sends for up to {@value #LINGER_MILLIS} ms. Closing at once, with unread bytes, resets the
 * connection, and a client still sending would lose the response already on its way (nginx's lingering close and
 * Go's {@code closeWriteAndWait} do the same).
 */
public final class ConnectionReuse implements Filter {

    static final long MAX_DRAIN = 1024 * 1024;
    static final long LINGER_MILLIS = 2000;

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        AtomicBoolean close = new AtomicBoolean();
        AtomicBoolean bodyUnread = new AtomicBoolean();
        response.beforeSend(() -> {
            if (mustClose(request.headers(), request.content().consumed())) {
                close.set(true);
                bodyUnread.set(hasBody(request.headers()) && !request.content().consumed());
                response.header(HeaderValues.CONNECTION_CLOSE);
            }
        });
        chain.proceed();
        if (bodyUnread.get()) {
            PlainSocket.channel(request).ifPresent(ConnectionReuse::linger);
        }
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

    /** Ends the server's side of the connection, then reads and discards what still arrives, for a bounded time. */
    private static void linger(SocketChannel channel) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        try {
            channel.shutdownOutput();
            Socket socket = channel.socket();
            InputStream in = socket.getInputStream();   // not closed: that would close the socket under the server
            byte[] discarded = new byte[64 * 1024];
            for (long left; (left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0; ) {
                socket.setSoTimeout((int) left);
                if (in.read(discarded) < 0) {
                    return;
                }
            }
        } catch (IOException timedOutOrReset) {
            // the connection is closed next either way
        }
    }

    private static boolean hasBody(ServerRequestHeaders headers) {
        return headers.contains(HeaderNames.TRANSFER_ENCODING) || headers.contentLength().orElse(0) > 0;
    }
}
