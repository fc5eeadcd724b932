package dev.berth.cache.disk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.upload.UploadNotFoundException;
import dev.berth.cache.upload.UploadOffsetException;
import dev.berth.cache.upload.UploadSession;
import dev.berth.cache.upload.UploadStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import dev.berth.oci.reference.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Upload sessions as a directory each: {@code data} holds the bytes received, {@code state.json} the offset as of the
 * last complete chunk. The state is written only after the data is forced, so after a crash the session resumes at
 * the last acknowledged chunk and any torn tail of {@code data} is cut off.
 *
 * <p>A chunk is received into the session's {@code data} without any lock held (a client may trickle it in for
 * minutes); only acknowledging it, cancelling and completing take the session's lock stripe, for the few
 * milliseconds of a state write or a rename. One upload receives one chunk at a time.
 *
 * <p>The running SHA-256 of each session is kept in memory between chunks (the JDK's hash is twice as fast as a
 * serializable one here); after a restart, or if the session's hash was evicted, it is rebuilt once from
 * {@code data}, which is local and fast to read.
 */
final class DiskUploadStore implements UploadStore {

    private static final int BUFFER = 256 * 1024;

    private final DiskLayout layout;
    private final DurableFiles files;
    private final DiskBlobStore blobs;
    private final Json json;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final Cache<String, RunningHash> hashes = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Set<String> receiving = ConcurrentHashMap.newKeySet();

    DiskUploadStore(DiskLayout layout, DurableFiles files, DiskBlobStore blobs, Json json, Clock clock) {
        this.layout = layout;
        this.files = files;
        this.blobs = blobs;
        this.json = json;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * What {@code state.json} holds.
     *
     * @param lastActive when the session started or last acknowledged a chunk; absent in sessions of Berth 0.1
     */
    record State(String repository, long offset, Instant startedAt, Instant lastActive, String owner) {

        Instant activeAt() {
            return lastActive == null ? startedAt : lastActive;
        }
    }

    /** The SHA-256 of the first {@code offset} bytes of an upload, ready to continue. */
    private record RunningHash(long offset, MessageDigest sha256) {
    }

    @Override
    public UploadSession start(RepositoryName repository, Optional<String> owner) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createDirectories(layout.upload(id));
        Instant now = clock.instant();
        State state = new State(repository.value(), 0, now, now, owner.orElse(null));
        try {
            files.write(stateFile(id), json.write(state));
        } catch (IOException e) {
            delete(id);
            throw e;
        }
        return session(id, state);
    }

    @Override
    public Optional<UploadSession> find(String id) throws IOException {
        return readState(id).map(state -> session(id, state));
    }

    @Override
    public UploadSession append(String id, Long expectedOffset, InputStream chunk) throws IOException {
        State received = requireState(id);
        if (expectedOffset != null && expectedOffset != received.offset()) {
            throw new UploadOffsetException(received.offset(), expectedOffset);
        }
        return receiveThen(id, received, chunk, state -> session(id, state));
    }

    @Override
    public BlobInfo complete(String id, Digest digest, InputStream lastChunk) throws IOException {
        return receiveThen(id, requireState(id), lastChunk, state -> {
            Digest actual = digestOf(id, state, digest.algorithm());
            if (!actual.equals(digest)) {
                delete(id);
                hashes.invalidate(id);
                throw new DigestMismatchException(digest, actual);
            }
            BlobInfo blob = blobs.commit(dataFile(id), digest);
            delete(id);
            hashes.invalidate(id);
            return blob;
        });
    }

    @Override
    public boolean cancel(String id) throws IOException {
        return locked(id, () -> {
            hashes.invalidate(id);
            return readState(id).isPresent() && delete(id);
        });
    }

    /** What is done with a session's state once its chunk is acknowledged, under the session's lock. */
    @FunctionalInterface
    private interface Acknowledged<T> {
        T then(State state) throws IOException;
    }

    /** An action under the session's lock stripe. */
    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * Receives the chunk with no lock held, then, under the session's lock, acknowledges it and does what follows;
     * one chunk per session at a time.
     */
    private <T> T receiveThen(String id, State received, InputStream chunk, Acknowledged<T> next) throws IOException {
        claim(id, received);
        try {
            long written = receive(id, received, chunk);
            return locked(id, () -> next.then(commit(id, received, written)));
        } finally {
            receiving.remove(id);
        }
    }

    private <T> T locked(String id, Locked<T> action) throws IOException {
        ReentrantLock lock = lockFor(id);
        lock.lock();
        try {
            return action.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int removeIdle(Instant idleSince) throws IOException {
        List<String> ids;
        try (Stream<Path> directories = Files.list(layout.uploads())) {
            ids = directories.map(path -> path.getFileName().toString()).filter(DiskUploadStore::isUuid).toList();
        } catch (NoSuchFileException e) {
            return 0;
        }
        int removed = 0;
        for (String id : ids) {
            boolean expired = locked(id, () -> {
                if (!receiving.contains(id) && idle(id, idleSince) && delete(id)) {
                    hashes.invalidate(id);
                    return true;
                }
                return false;
            });
            removed += expired ? 1 : 0;
        }
        return removed;
    }

    /** Whether the session saw no activity since the instant; one without a state (a torn start) by its mtime. */
    private boolean idle(String id, Instant idleSince) throws IOException {
        try {
            Optional<State> state = readState(id);
            Instant active = state.isPresent() ? state.get().activeAt()
                    : Files.getLastModifiedTime(layout.upload(id)).toInstant();
            return active.isBefore(idleSince);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Marks the session as receiving a chunk. Chunks of one upload come one after another; a second one while the
     * first is still arriving is refused rather than waited for, so no request ever waits on another's network.
     */
    private void claim(String id, State state) throws UploadOffsetException {
        if (!receiving.add(id)) {
            throw UploadOffsetException.busy(state.offset());
        }
    }

    /**
     * Writes the chunk (if any) into the session's data after its last acknowledged byte, hashing it on the way,
     * and forces it to disk; holds no lock, as the chunk may trickle in from a slow client. A chunk that fails
     * half-way (the client went away, the disk is full) is cut off again, leaving the session as it was.
     */
    private long receive(String id, State state, InputStream chunk) throws IOException {
        try (FileChannel channel = FileChannel.open(dataFile(id), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            if (channel.size() != state.offset()) {
                channel.truncate(state.offset());
            }
            if (chunk == null) {
                return 0;
            }
            channel.position(state.offset());
            MessageDigest hash = runningHash(id, state.offset());
            hashes.invalidate(id);
            long written;
            try {
                written = HashingCopy.copy(chunk, channel, hash);
                if (written > 0) {
                    channel.force(false);
                }
            } catch (IOException e) {
                cutOff(channel, state.offset(), e);
                throw e;
            }
            hashes.put(id, new RunningHash(state.offset() + written, hash));
            return written;
        } catch (NoSuchFileException e) {
            throw new UploadNotFoundException(id);
        }
    }

    private static void cutOff(FileChannel channel, long offset, IOException failure) {
        try {
            channel.truncate(offset);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Acknowledges {@code written} more bytes after {@code received}; under the session's lock. */
    private State commit(String id, State received, long written) throws IOException {
        State state = requireState(id);
        if (state.offset() != received.offset()) {
            throw new UploadOffsetException(state.offset(), received.offset());
        }
        if (written == 0) {
            return state;
        }
        State next = new State(state.repository(), state.offset() + written, state.startedAt(), clock.instant(),
                state.owner());
        files.write(stateFile(id), json.write(next));
        return next;
    }

    /** The session's hash after {@code offset} bytes: from memory, or rebuilt from the data received. */
    private MessageDigest runningHash(String id, long offset) throws IOException {
        RunningHash running = hashes.getIfPresent(id);
        if (running != null && running.offset() == offset) {
            return running.sha256();
        }
        MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
        try (FileChannel data = FileChannel.open(dataFile(id), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long remaining = offset;
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(BUFFER, remaining));
                int n = data.read(buffer);
                if (n < 0) {
                    throw new IOException("upload " + id + " has fewer bytes than its recorded offset " + offset);
                }
                hash.update(buffer.flip());
                remaining -= n;
            }
        } catch (NoSuchFileException e) {
            // Nothing received yet.
        }
        return hash;
    }

    private Digest digestOf(String id, State state, DigestAlgorithm algorithm) throws IOException {
        if (algorithm == DigestAlgorithm.SHA256) {
            try {
                MessageDigest copy = (MessageDigest) runningHash(id, state.offset()).clone();
                return Digest.fromHash(algorithm, copy.digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("JDK message digests are cloneable", e);
            }
        }
        try (var in = new DigestingInputStream(Files.newInputStream(dataFile(id)), algorithm)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return in.digest();
        }
    }

    private State requireState(String id) throws IOException {
        return readState(id).orElseThrow(() -> new UploadNotFoundException(id));
    }

    private Optional<State> readState(String id) throws IOException {
        if (!isUuid(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.read(stateFile(id), State.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private boolean delete(String id) throws IOException {
        Path directory = layout.upload(id);
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path path : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        return true;
    }

    private UploadSession session(String id, State state) {
        return new UploadSession(id, RepositoryName.of(state.repository()), state.offset(), state.startedAt(),
                Optional.ofNullable(state.owner()));
    }

    private Path stateFile(String id) {
        return layout.upload(id).resolve("state.json");
    }

    private Path dataFile(String id) {
        return layout.upload(id).resolve("data");
    }

    private ReentrantLock lockFor(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    private static boolean isUuid(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
