package dev.berth.registry.http;

/**
 * A {@link RegistryException} thrown where only unchecked exceptions may go, such as a web server filter; answered as
 * that exception is.
 */
public final class RefusedRequest extends RuntimeException {

    private final RegistryException reason;

    public RefusedRequest(RegistryException reason) {
        super(reason.getMessage(), reason);
        this.reason = reason;
    }

    public RegistryException reason() {
        return reason;
    }
}
