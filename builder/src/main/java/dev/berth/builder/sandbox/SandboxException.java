package dev.berth.builder.sandbox;

/** A sandbox that could not be set up or run; the message says what failed and how to fix it. */
public final class SandboxException extends Exception {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
