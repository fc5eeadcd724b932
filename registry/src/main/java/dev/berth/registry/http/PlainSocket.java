package dev.berth.registry.http;

import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * The TCP channel under a plain (not TLS) HTTP/1.1 request, so that a blob can go from its file to the socket
 * through the kernel (sendfile(2)) once the web server has written the response's head.
 *
 * <p>Helidon offers no such channel: this reads two of its private fields, the request's connection and that
 * connection's socket. When a Helidon version names them otherwise, or the request came over TLS or HTTP/2, the
 * answer is empty and blobs are copied through the web server as before ({@code PlainSocketTest} fails on such a
 * version, so an upgrade does not lose the fast path silently).
 */
public final class PlainSocket {

    private static final Optional<Fields> FIELDS = Fields.find();

    private PlainSocket() {
    }

    /** The request's socket channel, if it is a plain HTTP/1.1 connection this version of Helidon exposes. */
    public static Optional<SocketChannel> channel(ServerRequest request) {
        if (request.isSecure() || FIELDS.isEmpty()) {
            return Optional.empty();
        }
        return FIELDS.get().channel(request);
    }

    private record Fields(Class<?> requestType, VarHandle connection, Class<?> socketType, VarHandle delegate) {

        static Optional<Fields> find() {
            try {
                Class<?> requestType = Class.forName("io.helidon.webserver.http1.Http1ServerRequest");
                Class<?> socketType = Class.forName("io.helidon.common.socket.PlainSocket");
                return Optional.of(new Fields(requestType,
                        MethodHandles.privateLookupIn(requestType, MethodHandles.lookup())
                                .findVarHandle(requestType, "ctx", ConnectionContext.class),
                        socketType,
                        MethodHandles.privateLookupIn(socketType, MethodHandles.lookup())
                                .findVarHandle(socketType, "delegate", Socket.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }

        Optional<SocketChannel> channel(ServerRequest request) {
            if (!requestType.isInstance(request)) {
                return Optional.empty();
            }
            Object socket = ((ConnectionContext) connection.get(request)).serverSocket();
            if (socket.getClass() != socketType) {   // TlsSocket extends PlainSocket
                return Optional.empty();
            }
            return Optional.ofNullable(((Socket) delegate.get(socket)).getChannel());
        }
    }
}
