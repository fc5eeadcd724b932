package dev.berth.cache.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Starts multipart uploads and sends their parts, straight from the buffers they are in (no copy). */
final class S3Multiparts {

    private final S3Client s3;
    private final S3Settings settings;

    S3Multiparts(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** Starts a multipart upload to the key (with the encryption asked for); returns its ID. */
    String start(String target) throws IOException {
        try {
            return s3.createMultipartUpload(settings.createMultipart(target)).uploadId();
        } catch (SdkException e) {
            throw S3Failure.of("cannot start a multipart upload to " + target + " in S3 bucket " + settings.bucket(),
                    e);
        }
    }

    /** Sends the first {@code length} bytes of the buffer as part {@code number}. */
    S3UploadStore.Part send(String target, String multipart, int number, byte[] bytes, int length)
            throws IOException {
        try {
            String etag = s3.uploadPart(request -> request.bucket(settings.bucket()).key(target)
                    .uploadId(multipart).partNumber(number), RequestBody.fromContentProvider(
                            () -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream"))
                    .eTag();
            return new S3UploadStore.Part(number, etag, length);
        } catch (SdkException e) {
            throw S3Failure.of("cannot send part " + number + " of an upload to S3 bucket " + settings.bucket(), e);
        }
    }
}
