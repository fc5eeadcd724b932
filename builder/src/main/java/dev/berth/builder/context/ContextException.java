package dev.berth.builder.context;

/** A COPY or ADD source that cannot be taken from the build context; the message says which and why. */
public final class ContextException extends Exception {

    public ContextException(String message) {
        super(message);
    }
}
