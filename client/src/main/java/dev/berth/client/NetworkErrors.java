package dev.berth.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Says in words why a connection failed. The JDK's HTTP client throws exceptions without messages for the common
 * cases (a refused connection is a {@code ConnectException} with message null, caused by a
 * {@code ClosedChannelException}), so the cause chain is read for its types.
 */
final class NetworkErrors {

    private NetworkErrors() {
    }

    static String describe(Throwable failure) {
        String firstMessage = null;
        boolean connectFailed = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "the host name does not resolve" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "the connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "the registry did not answer in time";
            }
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
            connectFailed |= t instanceof ConnectException;
            if (firstMessage == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                firstMessage = t.getMessage();
            }
        }
        if (connectFailed) {
            return firstMessage == null ? "connection refused" : firstMessage;
        }
        return firstMessage != null ? firstMessage : failure.getClass().getSimpleName();
    }
}
