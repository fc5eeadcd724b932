package dev.berth.cache.s3;

import dev.berth.cache.storage.StorageUnavailableException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions, left after its retries, into the storage's: unavailable when retrying may help. */
final class S3Failure {

    private S3Failure() {
    }

    /**
     * {@code message} and S3's reason, as a {@link StorageUnavailableException} when S3 could not be reached or
     * answered 5xx (but 501, which is for good) or 429, else as an {@link IOException}.
     */
    static IOException of(String message, SdkException e) {
        String full = message + ": " + e.getMessage();
        boolean retryable = e instanceof SdkClientException
                || e instanceof S3Exception s3 && (s3.statusCode() >= 500 && s3.statusCode() != 501
                        || s3.statusCode() == 429);
        return retryable ? new StorageUnavailableException(full, e) : new IOException(full, e);
    }
}
