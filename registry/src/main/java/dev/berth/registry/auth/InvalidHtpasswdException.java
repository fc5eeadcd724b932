package dev.berth.registry.auth;

/** An htpasswd file Berth cannot use, with the file and line in the message. */
public final class InvalidHtpasswdException extends Exception {

    public InvalidHtpasswdException(String message) {
        super(message);
    }
}
