package dev.berth.cache.s3;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Where a registry's data lives in S3 (AWS, MinIO, Ceph RGW, any S3-compatible store).
 *
 * @param bucket    the bucket
 * @param prefix    the key prefix everything goes under ({@code ""}, or ending in {@code /})
 * @param region    the region (S3-compatible stores take any)
 * @param endpoint  the endpoint of an S3-compatible store; empty for AWS
 * @param pathStyle whether buckets are addressed in the path ({@code http://host/bucket/key}), as most
 *                  S3-compatible stores need, rather than as a host name
 * @param encryption how S3 encrypts what Berth writes, when not by the bucket's default
 */
public record S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle,
                         Optional<Encryption> encryption) {

    /** Server-side encryption of every object written: SSE-S3, or SSE-KMS with the bucket's or a named key. */
    public sealed interface Encryption {
        /** SSE-S3: keys S3 manages ({@code AES256}). */
        record S3Managed() implements Encryption {
        }

        /** SSE-KMS: the given KMS key, or the account's default {@code aws/s3} key when empty. */
        record Kms(Optional<String> keyId) implements Encryption {
        }
    }

    public S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle) {
        this(bucket, prefix, region, endpoint, pathStyle, Optional.empty());
    }

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 storage needs a bucket");
        }
        prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix)
                : prefix + "/";
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 storage needs a region (any name for S3-compatible stores)");
        }
    }

    /** The key of a path under the prefix. */
    String key(String path) {
        return prefix + path;
    }

    /** A PUT of the key, encrypted as configured. */
    PutObjectRequest put(String key) {
        return PutObjectRequest.builder().bucket(bucket).key(key)
                .serverSideEncryption(sse()).ssekmsKeyId(kmsKey())
                .build();
    }

    /** The start of a multipart upload to the key, encrypted as configured. */
    CreateMultipartUploadRequest createMultipart(String key) {
        return CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .serverSideEncryption(sse()).ssekmsKeyId(kmsKey())
                .build();
    }

    /** A server-side copy within the bucket, encrypted as configured. */
    CopyObjectRequest copy(String from, String to) {
        return CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(from)
                .destinationBucket(bucket).destinationKey(to).serverSideEncryption(sse()).ssekmsKeyId(kmsKey())
                .build();
    }

    /** The encryption S3 is asked for, or null for the bucket's default. */
    private ServerSideEncryption sse() {
        return switch (encryption.orElse(null)) {
            case Encryption.S3Managed s3 -> ServerSideEncryption.AES256;
            case Encryption.Kms kms -> ServerSideEncryption.AWS_KMS;
            case null -> null;
        };
    }

    /** The KMS key asked for, or null. */
    private String kmsKey() {
        return encryption.filter(Encryption.Kms.class::isInstance).flatMap(kms -> ((Encryption.Kms) kms).keyId())
                .orElse(null);
    }
}
