package dev.berth.cache.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.storage.Storage;
import dev.berth.cache.upload.UploadNotFoundException;
import dev.berth.cache.upload.UploadOffsetException;
import dev.berth.cache.upload.UploadSession;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.reference.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUploadStoreTest {

    private static final RepositoryName REPO = RepositoryName.of("team/app");

    @TempDir
    Path root;

    @Test
    void chunks_completedWithTheRightDigest_becomeABlob() throws IOException {
        Storage storage = open();
        byte[] content = random(100_000);
        UploadSession session = storage.uploads().start(REPO);
        storage.uploads().append(session.id(), 0L, in(content, 0, 40_000));
        storage.uploads().append(session.id(), 40_000L, in(content, 40_000, 100_000));
        storage.uploads().complete(session.id(), Digest.sha256(content), null);
        assertArrayEquals(content, read(storage, Digest.sha256(content)));
        assertTrue(storage.uploads().find(session.id()).isEmpty());
    }

    @Test
    void completion_withTheWrongDigest_storesNothingAndEndsTheSession() throws IOException {
        Storage storage = open();
        UploadSession session = storage.uploads().start(REPO);
        Digest wrong = Digest.sha256(new byte[] {1});
        assertThrows(DigestMismatchException.class,
                () -> storage.uploads().complete(session.id(), wrong, in(random(10), 0, 10)));
        assertTrue(storage.blobs().stat(wrong).isEmpty());
        assertTrue(storage.uploads().find(session.id()).isEmpty());
        assertEquals(0, countFiles(root.resolve("blobs")));
    }

    @Test
    void chunk_atTheWrongOffset_isRefusedAndChangesNothing() throws IOException {
        Storage storage = open();
        UploadSession session = storage.uploads().start(REPO);
        storage.uploads().append(session.id(), 0L, in(random(10), 0, 10));
        UploadOffsetException e = assertThrows(UploadOffsetException.class,
                () -> storage.uploads().append(session.id(), 5L, in(random(10), 0, 10)));
        assertEquals(10, e.offset());
        assertEquals(10, storage.uploads().find(session.id()).orElseThrow().offset());
    }

    @Test
    void session_survivesAReopenedStoreAndResumesItsHash() throws IOException {
        byte[] content = random(50_000);
        UploadSession session;
        Storage before = open();
        session = before.uploads().start(REPO);
        before.uploads().append(session.id(), 0L, in(content, 0, 20_000));
        Storage after = open();
        assertEquals(20_000, after.uploads().find(session.id()).orElseThrow().offset());
        after.uploads().complete(session.id(), Digest.sha256(content), in(content, 20_000, 50_000));
        assertArrayEquals(content, read(after, Digest.sha256(content)));
    }

    @Test
    void aSessionsOwner_isKeptThroughAppendsAndAReopen() throws IOException {
        Storage before = open();
        UploadSession owned = before.uploads().start(REPO, Optional.of("user:alice"));
        before.uploads().append(owned.id(), 0L, in(random(100), 0, 100));
        UploadSession unowned = before.uploads().start(REPO);
        Storage after = open();
        assertEquals(Optional.of("user:alice"), after.uploads().find(owned.id()).orElseThrow().owner());
        assertEquals(Optional.empty(), after.uploads().find(unowned.id()).orElseThrow().owner());
    }

    @Test
    void tornTailOfData_isCutOffOnTheNextChunk() throws IOException {
        byte[] content = random(30_000);
        Storage storage = open();
        UploadSession session = storage.uploads().start(REPO);
        storage.uploads().append(session.id(), 0L, in(content, 0, 10_000));
        Files.write(root.resolve("uploads").resolve(session.id()).resolve("data"), random(500),
                java.nio.file.StandardOpenOption.APPEND);
        storage.uploads().complete(session.id(), Digest.sha256(content), in(content, 10_000, 30_000));
        assertArrayEquals(content, read(storage, Digest.sha256(content)));
    }

    @Test
    void sha512Digest_isVerifiedToo() throws IOException {
        Storage storage = open();
        byte[] content = random(1000);
        UploadSession session = storage.uploads().start(REPO);
        Digest digest = Digest.of(DigestAlgorithm.SHA512, content);
        storage.uploads().complete(session.id(), digest, in(content, 0, content.length));
        assertEquals(1000, storage.blobs().stat(digest).orElseThrow().size());
    }

    @Test
    void unknownOrMalformedId_isNotFound() throws IOException {
        Storage storage = open();
        assertTrue(storage.uploads().find("../../etc").isEmpty());
        assertThrows(UploadNotFoundException.class,
                () -> storage.uploads().append(java.util.UUID.randomUUID().toString(), null, in(new byte[1], 0, 1)));
        assertFalse(storage.uploads().cancel("not-a-uuid"));
    }

    @Test
    void concurrentUploadsOfTheSameBlob_allSucceedWithOneCopy() throws Exception {
        Storage storage = open();
        byte[] content = random(200_000);
        Digest digest = Digest.sha256(content);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                uploads.add(pool.submit((Callable<Void>) () -> {
                    UploadSession session = storage.uploads().start(REPO);
                    storage.uploads().append(session.id(), 0L, in(content, 0, 100_000));
                    storage.uploads().complete(session.id(), digest, in(content, 100_000, 200_000));
                    return null;
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(content, read(storage, digest));
        assertEquals(1, countFiles(root.resolve("blobs")));
    }

    @Test
    void cancel_removesTheSessionAndItsData() throws IOException {
        Storage storage = open();
        UploadSession session = storage.uploads().start(REPO);
        storage.uploads().append(session.id(), 0L, in(random(100), 0, 100));
        assertTrue(storage.uploads().cancel(session.id()));
        assertFalse(Files.exists(root.resolve("uploads").resolve(session.id())));
    }

    private Storage open() throws IOException {
        return DiskStorage.open(root, Clock.systemUTC());
    }

    private static byte[] read(Storage storage, Digest digest) throws IOException {
        try (InputStream in = storage.blobs().open(digest, 0)) {
            return in.readAllBytes();
        }
    }

    private static InputStream in(byte[] content, int from, int to) {
        return new ByteArrayInputStream(content, from, to - from);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static long countFiles(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
