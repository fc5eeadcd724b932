package dev.berth.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 exchange over a raw socket, as no HTTP client library would send it: the request head and body as
 * given, then everything the server answers until it closes the connection or falls silent for three seconds.
 */
public final class RawExchange {

    /** Appended to the answer when the server closed the connection. */
    public static final String CLOSED = "<connection closed>";

    private static final Pattern FINAL_STATUS_LINE = Pattern.compile("HTTP/1\\.1 [2-5]\\d\\d ");

    private RawExchange() {
    }

    public static String send(URI registry, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(registry.getHost(), registry.getPort())) {
            socket.setSoTimeout(3000);
            try {
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
            } catch (IOException closedWhileSending) {
                // The server may answer and close before the whole body is sent; what it answered is still read.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
                return answer.toString(StandardCharsets.ISO_8859_1) + CLOSED;
            } catch (SocketTimeoutException silent) {
                return answer.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                return answer.toString(StandardCharsets.ISO_8859_1) + CLOSED;
            }
        }
    }

    /** How many final (not 1xx) responses the answer holds. */
    public static long finalResponses(String answer) {
        return FINAL_STATUS_LINE.matcher(answer).results().count();
    }
}
