package dev.berth.cache.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.upload.UploadOffsetException;
import dev.berth.cache.upload.UploadSession;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.reference.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads into S3 (S3Proxy, a real S3 server, started by the test) that two stores over one bucket share, as two
 * registry nodes do: chunks sent alternately through each, across S3's part boundary, completed through either; a
 * wrong digest stores nothing; a wrong offset changes nothing; cancelled and idle sessions leave nothing behind.
 */
class S3UploadStoreTest {

    private static final RepositoryName REPOSITORY = RepositoryName.of("team/app");
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    private S3BlobStore blobs;
    private S3Settings settings;

    /** Two nodes' stores over one new bucket (and the blobs of that bucket). */
    private S3UploadStore[] nodes() {
        settings = S3.freshBucket("uploads");
        blobs = new S3BlobStore(S3.client(settings), settings);
        S3UploadStore[] nodes = new S3UploadStore[2];
        for (int i = 0; i < 2; i++) {
            var s3 = S3.client(settings);
            nodes[i] = new S3UploadStore(s3, settings, new S3BlobStore(s3, settings), Clock.systemUTC());
        }
        return nodes;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static InputStream part(byte[] content, int from, int to) {
        return new ByteArrayInputStream(content, from, to - from);
    }

    @Test
    void chunksThroughAlternatingNodes_acrossPartBoundaries_becomeOneVerifiedBlob() throws Exception {
        S3UploadStore[] nodes = nodes();
        byte[] content = random(S3UploadStore.PART_SIZE * 2 + 123_457);
        Digest digest = Digest.sha256(content);
        UploadSession session = nodes[0].start(REPOSITORY, Optional.of("ci"));
        int[] cuts = {0, 3_000_000, 9_000_000, S3UploadStore.PART_SIZE * 2 + 1, content.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            UploadSession appended = nodes[i % 2].append(session.id(), (long) cuts[i], part(content, cuts[i],
                    cuts[i + 1]));
            assertEquals(cuts[i + 1], appended.offset());
        }
        assertEquals(Optional.of("ci"), nodes[1].find(session.id()).orElseThrow().owner());
        assertTrue(blobs.stat(digest).isEmpty(), "nothing is visible before completion");
        assertEquals(content.length, nodes[1].complete(session.id(), digest, null).size());
        try (InputStream in = blobs.open(digest, 0)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertTrue(nodes[0].find(session.id()).isEmpty());
    }

    @Test
    void aSmallUploadWithItsLastChunk_andASha512Digest_areStoredToo() throws Exception {
        S3UploadStore[] nodes = nodes();
        byte[] content = random(70_000);
        Digest digest = Digest.of(DigestAlgorithm.SHA512, content);
        UploadSession session = nodes[0].start(REPOSITORY, Optional.empty());
        nodes[0].append(session.id(), 0L, part(content, 0, 10_000));
        nodes[1].complete(session.id(), digest, part(content, 10_000, content.length));
        try (InputStream in = blobs.open(digest, 0)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void aLargeBlobPushedWhole_goesUpSeveralPartsAtOnce_andIsStoredInOrder() throws Exception {
        S3UploadStore[] nodes = nodes();
        byte[] content = random(S3UploadStore.PART_SIZE * 5 + 77);
        Digest digest = Digest.sha256(content);
        UploadSession session = nodes[0].start(REPOSITORY, Optional.empty());
        assertEquals(content.length, nodes[0].complete(session.id(), digest, new ByteArrayInputStream(content))
                .size());
        try (InputStream in = blobs.open(digest, 0)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void aWrongDigest_storesNothing_andAWrongOffsetChangesNothing() throws Exception {
        S3UploadStore[] nodes = nodes();
        byte[] content = random(S3UploadStore.PART_SIZE + 10);
        UploadSession session = nodes[0].start(REPOSITORY, Optional.empty());
        nodes[0].append(session.id(), 0L, part(content, 0, S3UploadStore.PART_SIZE + 10));
        assertThrows(UploadOffsetException.class, () -> nodes[1].append(session.id(), 5L, part(content, 0, 5)));
        assertEquals(content.length, nodes[1].find(session.id()).orElseThrow().offset());
        Digest wrong = Digest.sha256(new byte[] {1});
        assertThrows(DigestMismatchException.class, () -> nodes[1].complete(session.id(), wrong, null));
        assertTrue(blobs.stat(wrong).isEmpty());
        assertTrue(blobs.stat(Digest.sha256(content)).isEmpty());
        assertTrue(nodes[0].find(session.id()).isEmpty(), "a failed completion ends the session");
    }

    @Test
    void aLargeBlobPushedWholeWithAWrongDigest_leavesNothing_atItsKeyOrInAnyMultipartUpload() throws Exception {
        S3UploadStore[] nodes = nodes();
        byte[] content = random(S3UploadStore.PART_SIZE * 2 + 5);
        Digest claimed = Digest.sha256(new byte[] {7});
        UploadSession session = nodes[0].start(REPOSITORY, Optional.empty());
        assertThrows(DigestMismatchException.class, () -> nodes[0].complete(session.id(), claimed,
                new ByteArrayInputStream(content)));
        assertTrue(blobs.stat(claimed).isEmpty());
        try (S3Client s3 = S3.client(settings)) {
            assertTrue(s3.listMultipartUploads(request -> request.bucket(settings.bucket())).uploads().isEmpty());
            assertEquals(0, s3.listObjectsV2(request -> request.bucket(settings.bucket())).keyCount(),
                    "nothing of the upload is left in the bucket");
        }
    }

    @Test
    void cancelledAndIdleSessions_areGone() throws Exception {
        S3UploadStore[] nodes = nodes();
        UploadSession cancelled = nodes[0].start(REPOSITORY, Optional.empty());
        nodes[0].append(cancelled.id(), 0L, part(random(S3UploadStore.PART_SIZE + 1), 0, S3UploadStore.PART_SIZE
                + 1));
        assertTrue(nodes[1].cancel(cancelled.id()));
        assertTrue(nodes[0].find(cancelled.id()).isEmpty());
        UploadSession idle = nodes[0].start(REPOSITORY, Optional.empty());
        assertEquals(1, nodes[1].removeIdle(Instant.now().plusSeconds(1)));
        assertTrue(nodes[0].find(idle.id()).isEmpty());
        assertTrue(nodes[0].find("not-an-id").isEmpty());
    }

    @Test
    void whatANodeWroteBeforeDyingMidChunk_isIgnored_andSweptWithTheSession() throws Exception {
        S3UploadStore[] nodes = nodes();
        byte[] content = random(40_000);
        UploadSession session = nodes[0].start(REPOSITORY, Optional.empty());
        nodes[0].append(session.id(), 0L, part(content, 0, 10_000));
        try (S3Client s3 = S3.client(settings)) {
            // A node that received the next chunk wrote its tail and died before recording the new state.
            s3.putObject(request -> request.bucket(settings.bucket()).key(settings.key("_uploads/" + session.id()
                    + "/tail-25000")), RequestBody.fromBytes(random(25_000)));
            // Another started a multipart upload for a session and died before recording it.
            s3.createMultipartUpload(request -> request.bucket(settings.bucket()).key(settings.key("_uploads/"
                    + "dead/data")));
            nodes[1].append(session.id(), 10_000L, part(content, 10_000, 25_000));
            nodes[0].complete(session.id(), Digest.sha256(content), part(content, 25_000, content.length));
            try (InputStream in = blobs.open(Digest.sha256(content), 0)) {
                assertArrayEquals(content, in.readAllBytes());
            }
            nodes[1].removeIdle(Instant.now().plusSeconds(1));
            assertEquals(0, s3.listObjectsV2(request -> request.bucket(settings.bucket())
                    .prefix(settings.key("_uploads/"))).keyCount(), "no object of an upload is left");
            assertTrue(s3.listMultipartUploads(request -> request.bucket(settings.bucket())).uploads().isEmpty(),
                    "no multipart upload is left");
        }
    }
}
