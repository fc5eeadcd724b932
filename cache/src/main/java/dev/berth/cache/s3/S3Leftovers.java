package dev.berth.cache.s3;

import java.time.Instant;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Sweeps what nodes that died mid-upload left in the bucket, once it has been idle long enough. */
final class S3Leftovers {

    private final S3Client s3;
    private final S3Settings settings;

    S3Leftovers(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** Removes what a node that died before writing a session's state left under its prefix. */
    void deleteObjects(String sessionPrefix, Instant idleSince) {
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(settings.bucket())
                .prefix(sessionPrefix)).contents()) {
            if (object.lastModified().isBefore(idleSince)) {
                s3.deleteObject(request -> request.bucket(settings.bucket()).key(object.key()));
            }
        }
    }

    /**
     * Aborts multipart uploads under the prefix that no session refers to (a node died between starting one and
     * recording it, or while a blob pushed whole was going straight to its key), so their parts stop costing storage.
     */
    void abortMultiparts(String prefix, Set<String> live, Instant idleSince) {
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(request -> request.bucket(settings.bucket())
                .prefix(prefix)).uploads()) {
            if (!live.contains(upload.uploadId()) && upload.initiated().isBefore(idleSince)) {
                s3.abortMultipartUpload(request -> request.bucket(settings.bucket()).key(upload.key())
                        .uploadId(upload.uploadId()));
            }
        }
    }
}
