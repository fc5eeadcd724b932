package dev.berth.cache.s3;

import java.net.URI;
import java.util.Optional;

/**
 * Where a registry's data lives in S3 (AWS, MinIO, Ceph RGW, any S3-compatible store).
 *
 * @param bucket    the bucket
 * @param prefix    the key prefix everything goes under ({@code ""}, or ending in {@code /})
 * @param region    the region (S3-compatible stores take any)
 * @param endpoint  the endpoint of an S3-compatible store; empty for AWS
 * @param pathStyle whether buckets are addressed in the path ({@code http://host/bucket/key}), as most
 *                  S3-compatible stores need, rather than as a host name
 */
public record S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle) {

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
}
