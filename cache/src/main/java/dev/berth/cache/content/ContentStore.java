package dev.berth.cache.content;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.storage.Storage;
import dev.berth.cache.upload.UploadSession;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import dev.berth.oci.digest.DigestingOutputStream;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The builder's local content: layers, configs and manifests by digest, in the same crash-safe storage the registry
 * uses, so a blob is written once and verified before it is visible.
 */
public final class ContentStore {

    private static final RepositoryName BUILDER = RepositoryName.of("berth-builder");

    private final Storage storage;

    public ContentStore(Storage storage) {
        this.storage = storage;
    }

    public Storage storage() {
        return storage;
    }

    /** Stores a file whose digest is known; the store verifies it while the file streams in. */
    public Descriptor importFile(Path file, String mediaType, Digest digest) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importVerified(in, mediaType, digest);
        }
    }

    /** Stores a stream whose digest is known; nothing is stored if the content does not match it. */
    public Descriptor importVerified(InputStream in, String mediaType, Digest digest) throws IOException {
        UploadSession session = storage.uploads().start(BUILDER);
        BlobInfo blob = storage.uploads().complete(session.id(), digest, in);
        return Descriptor.of(mediaType, blob.digest(), blob.size());
    }

    /** Stores a stream's content and returns its descriptor. */
    public Descriptor importStream(InputStream in, String mediaType) throws IOException {
        UploadSession session = storage.uploads().start(BUILDER);
        DigestingInputStream hashing = new DigestingInputStream(in, DigestAlgorithm.SHA256);
        storage.uploads().append(session.id(), 0L, hashing);
        BlobInfo blob = storage.uploads().complete(session.id(), hashing.digest(), null);
        return Descriptor.of(mediaType, blob.digest(), blob.size());
    }

    /** Writes content to a stream; what {@link #write} stores. */
    @FunctionalInterface
    public interface Writing {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores what {@code writing} writes, streamed into an upload session as it is written (no temporary copy) and
     * verified by the store against the digest taken on the way; nothing is stored when writing fails.
     */
    public Descriptor write(String mediaType, Writing writing) throws IOException {
        UploadSession session = storage.uploads().start(BUILDER);
        PipedInputStream received = new PipedInputStream(1 << 20);
        DigestingOutputStream hashing = new DigestingOutputStream(new PipedOutputStream(received),
                DigestAlgorithm.SHA256);
        java.util.concurrent.CompletableFuture<Void> appended = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("berth-content-write").start(() -> {
            try (received) {
                storage.uploads().append(session.id(), 0L, received);
                appended.complete(null);
            } catch (IOException | RuntimeException e) {
                appended.completeExceptionally(e);
            }
        });
        try {
            try (OutputStream out = hashing) {
                writing.writeTo(out);
            }
            appended.join();
            BlobInfo blob = storage.uploads().complete(session.id(), hashing.digest(), null);
            return Descriptor.of(mediaType, blob.digest(), blob.size());
        } catch (IOException | RuntimeException e) {
            storage.uploads().cancel(session.id());
            if (e instanceof java.util.concurrent.CompletionException c && c.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Stores small content such as a config or manifest. */
    public Descriptor put(String mediaType, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256(bytes);
        storage.blobs().put(digest, bytes);
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    public boolean has(Digest digest) throws IOException {
        return storage.blobs().stat(digest).isPresent();
    }

    public Optional<BlobInfo> stat(Digest digest) throws IOException {
        return storage.blobs().stat(digest);
    }

    public InputStream open(Digest digest) throws IOException {
        return storage.blobs().open(digest, 0);
    }

    public byte[] read(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        }
    }
}
