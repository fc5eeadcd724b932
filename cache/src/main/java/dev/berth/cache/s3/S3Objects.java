package dev.berth.cache.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The small-object requests the stores' records are made of (read, write, delete, list a prefix) in one bucket,
 * with S3's failures turned into the storage's {@link IOException}s.
 */
final class S3Objects {

    private final S3Client s3;
    private final S3Settings settings;

    S3Objects(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** The full key of a path under the configured prefix. */
    String key(String path) {
        return settings.key(path);
    }

    List<S3Object> list(String prefix) throws IOException {
        return list(prefix, Optional.empty(), Integer.MAX_VALUE);
    }

    /**
     * At most {@code limit} objects under the prefix whose keys sort after {@code prefix + after}, reading no more
     * listing pages than that takes. Keys ending in {@code /} are the folders some S3-compatible stores list, not
     * objects Berth wrote.
     */
    List<S3Object> list(String prefix, Optional<String> after, int limit) throws IOException {
        try {
            List<S3Object> objects = new ArrayList<>();
            var pages = s3.listObjectsV2Paginator(request -> request.bucket(settings.bucket()).prefix(prefix)
                    .startAfter(after.map(marker -> prefix + marker).orElse(null))
                    .maxKeys(Math.min(1000, Math.max(1, limit))));
            for (var page : pages) {
                for (S3Object object : page.contents()) {
                    if (!object.key().endsWith("/")) {
                        objects.add(object);
                        if (objects.size() == limit) {
                            return objects;
                        }
                    }
                }
            }
            return objects;
        } catch (SdkException e) {
            throw failed("list " + prefix, e);
        }
    }

    Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(settings.bucket()).key(key))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failed("read " + key, e);
        } catch (SdkException e) {
            throw failed("read " + key, e);
        }
    }

    void put(String key, byte[] content) throws IOException {
        try {
            s3.putObject(settings.put(key), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failed("write " + key, e);
        }
    }

    /** Deletes the object; true if it was there. */
    boolean delete(String key) throws IOException {
        if (get(key).isEmpty()) {
            return false;
        }
        deleteBlindly(key);
        return true;
    }

    /** Deletes the object without asking first whether it is there (S3 answers the same either way). */
    void deleteBlindly(String key) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            throw failed("delete " + key, e);
        }
    }

    private IOException failed(String what, SdkException e) {
        return S3Failure.of("cannot " + what + " in S3 bucket " + settings.bucket(), e);
    }
}
