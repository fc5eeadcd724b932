package dev.berth.registry.auth.token;

/** A token Berth does not accept; the message says which check it failed, for the log (clients get less). */
public final class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }
}
