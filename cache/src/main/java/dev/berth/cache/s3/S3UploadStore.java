package dev.berth.cache.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.upload.ResumableDigest;
import dev.berth.cache.upload.UploadNotFoundException;
import dev.berth.cache.upload.UploadOffsetException;
import dev.berth.cache.upload.UploadSession;
import dev.berth.cache.upload.UploadStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.reference.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Uploads into S3 that any node may continue: a session's whole state lives in the bucket
 * ({@code <prefix>_uploads/<id>/state}: offset, the S3 multipart upload and its parts so far, and the resumable
 * SHA-256 and SHA-512 states of every byte received), and bytes short of a part are kept in the bucket too
 * ({@code <prefix>_uploads/<id>/tail-<offset>}, named by the offset it ends at, so a node that dies between writing
 * a tail and the state leaves the state's own tail intact) until a part is full, so nothing lives only in one node's
 * memory between requests. A part is sent as soon as {@link #PART_SIZE} bytes are there. Completion checks the
 * digest first, and only then completes the multipart upload (and copies it server-side to the blob's key, for a
 * session whose digest was told only at the end), so a blob is visible only once verified and whole.
 */
public final class S3UploadStore implements UploadStore {

    /** S3's smallest part but the last, rounded up: what is buffered (in memory, for one request) per part. */
    public static final int PART_SIZE = 8 * 1024 * 1024;

    /** Parts one request sends at once. */
    private static final int PARTS_IN_FLIGHT = 3;

    /** What an upload's bytes gather in before they need a part's buffer: small blobs never take one. */
    private static final int SMALL = 64 * 1024;

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final S3Client s3;
    private final S3Settings settings;
    private final S3BlobStore blobs;
    private final Clock clock;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final PartMemory memory = new PartMemory(Runtime.getRuntime().maxMemory(), PART_SIZE);
    private final S3Copy copier;
    private final S3Leftovers leftovers;
    private final S3Multiparts multiparts;

    public S3UploadStore(S3Client s3, S3Settings settings, S3BlobStore blobs, Clock clock) {
        this.s3 = s3;
        this.settings = settings;
        this.blobs = blobs;
        this.clock = clock;
        this.copier = new S3Copy(s3, settings);
        this.leftovers = new S3Leftovers(s3, settings);
        this.multiparts = new S3Multiparts(s3, settings);
    }

    /** A session's state as the bucket keeps it. */
    record State(String repository, Instant startedAt, Instant touchedAt, String owner, long offset,
                 String multipart, List<Part> parts, String sha256, String sha512) {
    }

    /** A part sent to the multipart upload. */
    record Part(int number, String etag, long size) {
    }

    @Override
    public UploadSession start(RepositoryName repository, Optional<String> owner) throws IOException {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        State state = new State(repository.toString(), now, now, owner.orElse(null), 0, null, List.of(),
                encode(ResumableDigest.start(DigestAlgorithm.SHA256)),
                encode(ResumableDigest.start(DigestAlgorithm.SHA512)));
        write(id, state);
        return session(id, state);
    }

    @Override
    public Optional<UploadSession> find(String id) throws IOException {
        return read(id).map(state -> session(id, state));
    }

    @Override
    public UploadSession append(String id, Long expectedOffset, InputStream chunk) throws IOException {
        State state = read(id).orElseThrow(() -> new UploadNotFoundException(id));
        if (expectedOffset != null && expectedOffset != state.offset()) {
            throw new UploadOffsetException(state.offset(), expectedOffset);
        }
        State appended = receive(id, state, chunk, Optional.empty(), key(id, "data")).state();
        write(id, appended);
        if (appended.offset() != state.offset()) {
            deleteQuietly(tailKey(id, state.offset()));
        }
        return session(id, appended);
    }

    /**
     * Completes the upload. When the whole blob comes now (nothing was received before), its digest is known before
     * its first byte, so its parts go straight to the blob's key: S3 makes the object visible only when the multipart
     * upload is completed, which happens after the digest is checked. Otherwise the parts received so far are
     * assembled under the session and copied (server-side) to the blob's key once checked.
     */
    @Override
    public BlobInfo complete(String id, Digest digest, InputStream lastChunk) throws IOException {
        State state = read(id).orElseThrow(() -> new UploadNotFoundException(id));
        boolean whole = state.offset() == 0 && state.multipart() == null;
        String target = whole ? blobs.key(digest) : key(id, "data");
        Received received = receive(id, state, lastChunk == null ? InputStream.nullInputStream() : lastChunk,
                Optional.of(digest), target);
        State last = received.state();
        ResumableDigest hash = ResumableDigest.restore(digest.algorithm(), Base64.getDecoder().decode(
                digest.algorithm() == DigestAlgorithm.SHA256 ? last.sha256() : last.sha512()));
        Digest actual = hash.digest();
        if (!actual.equals(digest)) {
            abort(id, last.multipart(), target);
            delete(id, state);
            throw new DigestMismatchException(digest, actual);
        }
        try {
            if (last.multipart() == null) {
                s3.putObject(settings.put(blobs.key(digest)), uncopied(received.leftover()));
            } else {
                List<CompletedPart> parts = last.parts().stream().map(part -> CompletedPart.builder()
                        .partNumber(part.number()).eTag(part.etag()).build()).toList();
                s3.completeMultipartUpload(request -> request.bucket(settings.bucket()).key(target)
                        .uploadId(last.multipart()).multipartUpload(upload -> upload.parts(parts)));
                if (!whole) {
                    copier.copy(target, blobs.key(digest), last.offset());
                    s3.deleteObject(request -> request.bucket(settings.bucket()).key(target));
                }
            }
        } catch (SdkException e) {
            throw S3Failure.of("cannot complete upload " + id + " into S3 bucket " + settings.bucket(), e);
        }
        delete(id, state);
        return new BlobInfo(digest, last.offset());
    }

    @Override
    public boolean cancel(String id) throws IOException {
        Optional<State> state = read(id);
        if (state.isEmpty()) {
            return false;
        }
        cancel(id, state.get());
        return true;
    }

    @Override
    public int removeIdle(Instant idleSince) throws IOException {
        int removed = 0;
        String prefix = settings.key("_uploads/");
        Set<String> live = new HashSet<>();
        try {
            for (var common : s3.listObjectsV2Paginator(request -> request.bucket(settings.bucket()).prefix(prefix)
                    .delimiter("/")).commonPrefixes()) {
                String id = common.prefix().substring(prefix.length(), common.prefix().length() - 1);
                Optional<State> state = read(id);
                if (state.isPresent() && state.get().touchedAt().isBefore(idleSince)) {
                    cancel(id, state.get());
                    removed++;
                } else if (state.isPresent()) {
                    live.add(state.get().multipart());
                } else {
                    leftovers.deleteObjects(common.prefix(), idleSince);
                }
            }
            leftovers.abortMultiparts(prefix, live, idleSince);
            leftovers.abortMultiparts(settings.key("blobs/"), live, idleSince);
        } catch (SdkException e) {
            throw S3Failure.of("cannot list uploads in S3 bucket " + settings.bucket(), e);
        }
        return removed;
    }

    /** What a chunk left: the session's new state, and, for a last chunk with no part sent, the whole content. */
    private record Received(State state, byte[] leftover) {
    }

    /**
     * Takes in a chunk: the tail kept so far and the chunk are cut into parts of {@link #PART_SIZE}, sent to the
     * multipart upload of {@code target} as they fill; what is left becomes the new tail, or, for the last chunk
     * (whose digest is given), the last part, or the whole content when it is smaller than a part.
     */
    private Received receive(String id, State state, InputStream chunk, Optional<Digest> completing, String target)
            throws IOException {
        boolean last = completing.isPresent();
        // A blob that comes whole now is hashed only with its digest's algorithm; a session's bytes with both, as
        // its digest is told only at the end.
        boolean whole = state.offset() == 0 && last;
        ResumableDigest sha256 = ResumableDigest.restore(DigestAlgorithm.SHA256, Base64.getDecoder().decode(
                state.sha256()));
        ResumableDigest sha512 = ResumableDigest.restore(DigestAlgorithm.SHA512, Base64.getDecoder().decode(
                state.sha512()));
        boolean hash256 = !whole || completing.get().algorithm() == DigestAlgorithm.SHA256;
        boolean hash512 = !whole || completing.get().algorithm() == DigestAlgorithm.SHA512;
        byte[] kept = tail(id, state);
        // Bytes gather in a small buffer, and in a part's (from the node's part memory) once they outgrow it.
        byte[] part = kept.length > SMALL ? memory.take() : new byte[SMALL];
        boolean partSized = part.length == PART_SIZE;
        System.arraycopy(kept, 0, part, 0, kept.length);
        int filled = kept.length;
        String multipart = state.multipart();
        PartUploads parts = new PartUploads(id, state.parts());
        long offset = state.offset();
        boolean more = true;
        try {
            while (more) {
                if (filled == part.length && !partSized) {
                    byte[] larger = memory.take();
                    partSized = true;
                    System.arraycopy(part, 0, larger, 0, filled);
                    part = larger;
                }
                int n = chunk.read(part, filled, part.length - filled);
                if (n > 0) {
                    if (hash256) {
                        sha256.update(part, filled, n);
                    }
                    if (hash512) {
                        sha512.update(part, filled, n);
                    }
                    filled += n;
                    offset += n;
                }
                more = n >= 0;
                if (filled == PART_SIZE || !more && last && multipart != null && filled > 0) {
                    if (multipart == null) {
                        multipart = multiparts.start(target);
                    }
                    parts.send(multipart, target, part, filled);   // the part's memory goes with it
                    part = new byte[SMALL];
                    partSized = false;
                    filled = 0;
                }
            }
            if (!last && filled > 0) {
                putTail(id, offset, Arrays.copyOf(part, filled));
            }
            return new Received(new State(state.repository(), state.startedAt(), clock.instant(), state.owner(),
                    offset, multipart, parts.sent(), encode(sha256), encode(sha512)),
                    last && multipart == null ? Arrays.copyOf(part, filled) : null);
        } finally {
            if (partSized) {
                memory.give(part);
            }
            parts.abandon();
        }
    }

    /**
     * The parts of one request, up to {@link #PARTS_IN_FLIGHT} sent at once while the next is read, so a large blob
     * pushed whole streams to S3 at the speed of several connections; a request holds at most that many parts and
     * the one it is reading in memory.
     */
    private final class PartUploads {

        private final String id;
        private final List<Part> sent;
        private final Deque<Future<Part>> inFlight = new ArrayDeque<>();

        PartUploads(String id, List<Part> before) {
            this.id = id;
            this.sent = new ArrayList<>(before);
        }

        /** Sends the first {@code length} bytes of a buffer from the part memory, which it gives back once sent. */
        void send(String multipart, String target, byte[] bytes, int length) throws IOException {
            if (inFlight.size() == PARTS_IN_FLIGHT) {
                sent.add(await(inFlight.removeFirst()));
            }
            int number = sent.size() + inFlight.size() + 1;
            inFlight.addLast(senders.submit(() -> {
                try {
                    return multiparts.send(target, multipart, number, bytes, length);
                } finally {
                    memory.give(bytes);
                }
            }));
        }

        /** Every part, once each sent is acknowledged. */
        List<Part> sent() throws IOException {
            while (!inFlight.isEmpty()) {
                sent.add(await(inFlight.removeFirst()));
            }
            return List.copyOf(sent);
        }

        /**
         * After a failure, waits for what is still being sent (a part sent again later replaces it), so each gives
         * back its memory.
         */
        void abandon() {
            for (Future<Part> part : inFlight) {
                try {
                    part.get();
                } catch (ExecutionException | CancellationException failed) {
                    // the failure that matters is the one being thrown
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private Part await(Future<Part> part) throws IOException {
            try {
                return part.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException failed) {
                    throw failed;
                }
                throw new IOException("sending a part of upload " + id + " failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sending a part of upload " + id);
            }
        }
    }

    private static long partsSize(State state) {
        return state.parts().stream().mapToLong(Part::size).sum();
    }

    private void cancel(String id, State state) throws IOException {
        abort(id, state.multipart(), key(id, "data"));
        delete(id);
    }

    /** Aborts the session's multipart upload to {@code target}, if it has one. */
    private void abort(String id, String multipart, String target) throws IOException {
        if (multipart == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(request -> request.bucket(settings.bucket()).key(target).uploadId(multipart));
        } catch (NoSuchKeyException | NoSuchUploadException gone) {
            // already gone: what aborting wants
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    private Optional<State> read(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = s3.getObjectAsBytes(request -> request.bucket(settings.bucket()).key(key(id, "state")))
                    .asByteArray();
            return Optional.of(JSON.readValue(bytes, State.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    private void write(String id, State state) throws IOException {
        try {
            s3.putObject(settings.put(key(id, "state")),
                    RequestBody.fromBytes(JSON.writeValueAsBytes(state)));
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    /** The bytes after the session's last part, kept in the bucket until a part is full. */
    private byte[] tail(String id, State state) throws IOException {
        if (state.offset() == partsSize(state)) {
            return new byte[0];
        }
        try {
            return s3.getObjectAsBytes(request -> request.bucket(settings.bucket()).key(tailKey(id, state.offset())))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    /**
     * A request body read from the array as it is: {@code RequestBody.fromBytes} copies it first, and a tail of up to
     * a part (8 MiB) copied is more than a small heap can spare while parts are in flight.
     */
    private static RequestBody uncopied(byte[] bytes) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length,
                "application/octet-stream");
    }

    private void putTail(String id, long offset, byte[] bytes) throws IOException {
        try {
            s3.putObject(settings.put(tailKey(id, offset)), uncopied(bytes));
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    /**
     * Deletes the session as it was before its last request: its tail and its state (a tail a node left behind is
     * swept with the leftovers of sessions that have no state).
     */
    private void delete(String id, State state) throws IOException {
        if (state.offset() != partsSize(state)) {
            deleteQuietly(tailKey(id, state.offset()));
        }
        try {
            s3.deleteObject(request -> request.bucket(settings.bucket()).key(key(id, "state")));
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    /** Deletes everything of the session: its state last, so a failure midway leaves it to be retried or swept. */
    private void delete(String id) throws IOException {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(settings.bucket())
                    .prefix(key(id, ""))).contents()) {
                if (!object.key().equals(key(id, "state"))) {
                    s3.deleteObject(request -> request.bucket(settings.bucket()).key(object.key()));
                }
            }
            s3.deleteObject(request -> request.bucket(settings.bucket()).key(key(id, "state")));
        } catch (SdkException e) {
            throw failed(id, e);
        }
    }

    /** Deletes a tail the session has moved past; one left behind is swept with the session. */
    private void deleteQuietly(String key) {
        try {
            s3.deleteObject(request -> request.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            // Removed with the session's other objects when it completes or is cancelled.
        }
    }

    private String tailKey(String id, long offset) {
        return key(id, "tail-" + offset);
    }

    private String key(String id, String name) {
        return settings.key("_uploads/" + id + "/" + name);
    }

    private UploadSession session(String id, State state) {
        return new UploadSession(id, RepositoryName.of(state.repository()), state.offset(), state.startedAt(),
                Optional.ofNullable(state.owner()));
    }

    private static String encode(ResumableDigest digest) {
        return Base64.getEncoder().encodeToString(digest.state());
    }

    private IOException failed(String id, SdkException e) {
        return S3Failure.of("upload " + id + " in S3 bucket " + settings.bucket() + " failed", e);
    }
}
