package dev.berth.cache.s3;

import dev.berth.cache.memory.CacheSettings;
import dev.berth.cache.memory.CachingBlobStore;
import dev.berth.cache.memory.CachingRepositoryStore;
import dev.berth.cache.storage.Storage;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Opens a registry's storage in an S3 bucket that any number of nodes share: everything a node needs is in the
 * bucket, and what it keeps in memory is either content-addressed or trusted for the tag TTL only.
 */
public final class S3Storage {

    private S3Storage() {
    }

    /**
     * The storage in the settings' bucket, checked to be reachable with these credentials first.
     *
     * @throws IOException naming the bucket and what to do, when it does not exist or cannot be reached
     */
    public static Storage open(S3Client s3, S3Settings settings, Clock clock, CacheSettings caches)
            throws IOException {
        return open(s3, settings, Optional.empty(), clock, caches);
    }

    /** The storage, giving clients presigned URLs to download blobs from S3 directly when {@code presigner} is there. */
    public static Storage open(S3Client s3, S3Settings settings, Optional<S3Presigner> presigner, Clock clock,
                               CacheSettings caches) throws IOException {
        requireReachable(s3, settings);
        S3BlobStore blobs = new S3BlobStore(s3, settings, presigner);
        return new Storage(
                new CachingBlobStore(blobs, caches),
                new S3UploadStore(s3, settings, blobs, clock),
                new CachingRepositoryStore(new S3RepositoryStore(s3, settings, clock), caches),
                new S3GcMarks(s3, settings),
                new S3SettingsStore(s3, settings));
    }

    /**
     * Checks that the bucket exists and takes a write as Berth makes them (with the encryption asked for), so a node
     * that cannot serve says why at start rather than at its first push.
     */
    private static void requireReachable(S3Client s3, S3Settings settings) throws IOException {
        String where = "S3 bucket " + settings.bucket() + settings.endpoint().map(uri -> " at " + uri).orElse("");
        try {
            s3.headBucket(request -> request.bucket(settings.bucket()));
            s3.putObject(settings.put(settings.key("_berth/write-probe")), RequestBody.fromString("berth"));
        } catch (NoSuchBucketException e) {
            throw new IOException(where + " does not exist: create it, or name another in storage.s3.bucket");
        } catch (S3Exception e) {
            if (e.statusCode() == 501 && settings.encryption().isPresent()) {
                throw new IOException(where + " refuses the server-side encryption asked for (storage.s3.sse or "
                        + "BERTH_S3_SSE): " + e.awsErrorDetails().errorMessage() + "; leave it to the bucket's "
                        + "default encryption instead");
            }
            if (e.statusCode() == 404) {
                throw new IOException(where + " does not exist: create it, or name another in storage.s3.bucket");
            }
            throw new IOException(where + " refused access (HTTP " + e.statusCode() + "): check the credentials "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or storage.s3.access-key) and that "
                    + "they may read and write the bucket");
        } catch (SdkException e) {
            throw new IOException(where + " cannot be reached: " + e.getMessage());
        }
    }
}
