package dev.berth.builder.copy;

/** A COPY or ADD that cannot be carried out; the message says what was wrong. */
public final class CopyException extends Exception {

    public CopyException(String message) {
        super(message);
    }
}
