package dev.berth.cache.s3;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Copies objects within the bucket, server-side: the copy appears under its key only when whole. */
final class S3Copy {

    /** The largest object S3 copies in one request; larger ones are copied part by part. */
    private static final long SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    private static final long COPY_PART = 512L * 1024 * 1024;

    private final S3Client s3;
    private final S3Settings settings;

    S3Copy(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    void copy(String from, String to, long size) {
        if (size <= SINGLE_COPY) {
            s3.copyObject(settings.copy(from, to));
            return;
        }
        String upload = s3.createMultipartUpload(settings.createMultipart(to)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (long first = 0; first < size; first += COPY_PART) {
            long start = first;
            long end = Math.min(size, first + COPY_PART) - 1;
            int number = parts.size() + 1;
            String etag = s3.uploadPartCopy(request -> request.sourceBucket(settings.bucket()).sourceKey(from)
                    .destinationBucket(settings.bucket()).destinationKey(to).uploadId(upload).partNumber(number)
                    .copySourceRange("bytes=" + start + "-" + end)).copyPartResult().eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(request -> request.bucket(settings.bucket()).key(to).uploadId(upload)
                .multipartUpload(completed -> completed.parts(parts)));
    }
}
