package dev.berth.cache.storage;

import java.io.IOException;

/**
 * The storage could not be reached, or answered that it cannot serve now (an S3 outage, throttling that outlasted the
 * retries): nothing of the operation was made visible, and it can be retried.
 */
public final class StorageUnavailableException extends IOException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
