package dev.berth.registry.http;

import dev.berth.oci.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the registry refuses: a distribution-spec error code, a message that says what was wrong and what to do,
 * and the HTTP status (the code's own unless the spec asks for another, such as 416 or 413).
 */
public final class RegistryException extends Exception {

    private final ErrorCode code;
    private final int status;
    private final Object detail;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public RegistryException(ErrorCode code, String message) {
        this(code, code.httpStatus(), message, null);
    }

    public RegistryException(ErrorCode code, int status, String message, Object detail) {
        super(message);
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public static RegistryException of(ErrorCode code, String message) {
        return new RegistryException(code, message);
    }

    /** Adds a header to the error response, such as the {@code Range} of an upload after a 416. */
    public RegistryException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
