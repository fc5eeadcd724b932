package dev.berth.client;

import java.io.IOException;

/** A registry that refused or failed a request; the message names the registry, the request and the reason. */
public final class RegistryClientException extends IOException {

    private final int status;

    public RegistryClientException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the registry was not reached. */
    public int status() {
        return status;
    }
}
