package dev.berth.cache.s3;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.BlobNotFoundException;
import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.blob.StoredBlob;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Content-addressed blobs in S3, one object per digest under {@code <prefix>blobs/<algorithm>/<hex>}. An object is
 * written whole, after its digest is checked, so a blob is visible only once complete; reads stream with ranges.
 */
public final class S3BlobStore implements BlobStore {

    private static final int COPY_BUFFER = 256 * 1024;

    /** How long a presigned download URL is valid: long enough for a slow client to start, short enough to leak. */
    private static final Duration URL_LIFETIME = Duration.ofMinutes(15);

    private final S3Client s3;
    private final S3Settings settings;
    private final Optional<S3Presigner> presigner;
    private final S3Objects objects;

    public S3BlobStore(S3Client s3, S3Settings settings) {
        this(s3, settings, Optional.empty());
    }

    /** A store that gives presigned download URLs when {@code presigner} is present. */
    public S3BlobStore(S3Client s3, S3Settings settings, Optional<S3Presigner> presigner) {
        this.s3 = s3;
        this.settings = settings;
        this.presigner = presigner;
        this.objects = new S3Objects(s3, settings);
    }

    @Override
    public List<StoredBlob> list(Optional<Digest> after, int limit) throws IOException {
        String prefix = settings.key("blobs/");
        List<StoredBlob> blobs = new ArrayList<>();
        for (S3Object object : objects.list(prefix, after.map(digest -> digest.algorithm().prefix() + "/"
                + digest.hex()), limit)) {
            String name = object.key().substring(prefix.length()).replace('/', ':');
            if (Digest.isDigest(name)) {   // not the parts of multipart uploads under way
                blobs.add(new StoredBlob(Digest.parse(name), object.size(), object.lastModified()));
            }
        }
        return blobs;
    }

    @Override
    public Optional<URI> downloadUrl(Digest digest) throws IOException {
        if (presigner.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(presigner.get().presignGetObject(request -> request.signatureDuration(URL_LIFETIME)
                    .getObjectRequest(get -> get.bucket(settings.bucket()).key(key(digest)))).url().toURI());
        } catch (SdkException | URISyntaxException e) {
            throw new IOException("cannot presign a download of blob " + digest + " from S3 bucket "
                    + settings.bucket() + ": " + e.getMessage(), e);
        }
    }

    /** The object key of a blob. */
    String key(Digest digest) {
        return settings.key("blobs/" + digest.algorithm().prefix() + "/" + digest.hex());
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) throws IOException {
        try {
            long size = s3.headObject(request -> request.bucket(settings.bucket()).key(key(digest))).contentLength();
            return Optional.of(new BlobInfo(digest, size));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failed("stat", digest, e);
        } catch (SdkException e) {
            throw failed("stat", digest, e);
        }
    }

    @Override
    public InputStream open(Digest digest, long offset) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(settings.bucket()).key(key(digest))
                    .range(offset > 0 ? "bytes=" + offset + "-" : null));
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(digest);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream();   // at or past the end
            }
            throw failed("read", digest, e);
        } catch (SdkException e) {
            throw failed("read", digest, e);
        }
    }

    @Override
    public void transferTo(Digest digest, long offset, long length, WritableByteChannel target) throws IOException {
        if (length <= 0) {
            return;
        }
        try (InputStream in = range(digest, offset, offset + length - 1)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    target.write(chunk);
                }
            }
        }
    }

    @Override
    public BlobInfo put(Digest digest, byte[] bytes) throws IOException {
        Digest actual = Digest.of(digest.algorithm(), bytes);
        if (!actual.equals(digest)) {
            throw new DigestMismatchException(digest, actual);
        }
        try {
            s3.putObject(settings.put(key(digest)), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failed("store", digest, e);
        }
        return new BlobInfo(digest, bytes.length);
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        if (stat(digest).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(request -> request.bucket(settings.bucket()).key(key(digest)));
            return true;
        } catch (SdkException e) {
            throw failed("delete", digest, e);
        }
    }

    /** The bytes from {@code first} to {@code last} (inclusive) of a blob. */
    private InputStream range(Digest digest, long first, long last) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(settings.bucket()).key(key(digest))
                    .range("bytes=" + first + "-" + last));
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(digest);
        } catch (SdkException e) {
            throw failed("read", digest, e);
        }
    }

    private IOException failed(String what, Digest digest, SdkException e) {
        return S3Failure.of("cannot " + what + " blob " + digest + " in S3 bucket " + settings.bucket(), e);
    }
}
