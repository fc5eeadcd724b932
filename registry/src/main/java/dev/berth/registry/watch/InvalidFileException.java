package dev.berth.registry.watch;

/** A users, access rules or certificate file Berth cannot use, with the file and line in the message. */
public final class InvalidFileException extends Exception {

    public InvalidFileException(String message) {
        super(message);
    }
}
