package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth serve} killed with SIGKILL in the middle of uploads: after a restart every visible blob is complete and
 * correct, and each interrupted upload can be resumed from the offset the server reports; on local disk, and on S3
 * with {@code BERTH_INTEROP_STORAGE=s3}.
 */
class CrashSafetyIT {

    private static final int MIB = 1024 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private final byte[] finished = random(3 * MIB);
    private final byte[] chunked = random(4 * MIB);
    private final byte[] streaming = random(8 * MIB);

    @TempDir
    Path work;

    @Test
    void kill9_duringUploads_leavesOnlyCompleteBlobsAndResumableUploads() throws Exception {
        Path data = work.resolve("data");
        String finishedLocation;
        String chunkedUpload;
        String streamingUpload;
        try (BerthProcess berth = BerthProcess.start(data)) {
            finishedLocation = upload(berth.url(), finished);
            chunkedUpload = start(berth.url());
            assertEquals(202, patch(chunkedUpload, Arrays.copyOfRange(chunked, 0, MIB), 0).statusCode());
            streamingUpload = start(berth.url());
            PipedOutputStream feed = startStreamingPatch(streamingUpload);
            feed.write(streaming, 0, 3 * MIB);
            feed.flush();
            Thread.sleep(500);
            berth.kill();
        }

        assertEveryBlobMatchesItsDigest(data);

        try (BerthProcess berth = BerthProcess.start(data)) {
            URI base = berth.url();
            assertArrayEquals(finished, get(base.resolve(finishedLocation)).body());
            assertEquals(MIB, resumeAndFinish(base, chunkedUpload, chunked));
            long resumedAt = resumeAndFinish(base, streamingUpload, streaming);
            assertTrue(resumedAt <= 3L * MIB, "resumed at " + resumedAt);
            assertArrayEquals(chunked, get(base.resolve("/v2/crash/test/blobs/" + Digest.sha256(chunked))).body());
            assertArrayEquals(streaming, get(base.resolve("/v2/crash/test/blobs/" + Digest.sha256(streaming))).body());
        }
        assertEveryBlobMatchesItsDigest(data);
    }

    /** Reads the upload's offset from the restarted server, sends the rest, and completes it; returns the offset. */
    private long resumeAndFinish(URI base, String uploadPath, byte[] content) throws Exception {
        String upload = base.resolve(URI.create(uploadPath).getPath()).toString();
        HttpResponse<byte[]> status = get(URI.create(upload));
        assertEquals(204, status.statusCode(), "status of " + upload);
        String range = status.headers().firstValue("Range").orElseThrow();
        long offset = range.equals("0-0") ? 0 : Long.parseLong(range.substring(2)) + 1;
        if (offset < content.length) {
            byte[] remainder = Arrays.copyOfRange(content, (int) offset, content.length);
            HttpResponse<byte[]> rest = patch(upload, remainder, offset);
            assertEquals(202, rest.statusCode(), new String(rest.body()));
        }
        URI completion = URI.create(upload + "?digest=" + Digest.sha256(content));
        HttpResponse<byte[]> done = send(HttpRequest.newBuilder(completion)
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, done.statusCode(), new String(done.body()));
        return offset;
    }

    private static void assertEveryBlobMatchesItsDigest(Path data) throws IOException {
        assertTrue(InteropStorage.assertEveryBlobMatchesItsDigest(data) > 0, "no blobs stored for " + data);
    }

    private String upload(URI base, byte[] content) throws Exception {
        String location = start(base);
        URI completion = URI.create(location + "?digest=" + Digest.sha256(content));
        HttpResponse<byte[]> done = send(HttpRequest.newBuilder(completion)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        assertEquals(201, done.statusCode());
        return done.headers().firstValue("Location").orElseThrow();
    }

    private String start(URI base) throws Exception {
        HttpResponse<byte[]> started = send(HttpRequest.newBuilder(base.resolve("/v2/crash/test/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(202, started.statusCode());
        return base.resolve(started.headers().firstValue("Location").orElseThrow()).toString();
    }

    private HttpResponse<byte[]> patch(String upload, byte[] chunk, long offset) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(upload))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + chunk.length - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)));
    }

    /** Starts a PATCH whose body arrives as the test writes it, so the server can be killed mid-chunk. */
    private PipedOutputStream startStreamingPatch(String upload) throws IOException {
        PipedInputStream body = new PipedInputStream(MIB);
        PipedOutputStream feed = new PipedOutputStream(body);
        http.sendAsync(HttpRequest.newBuilder(URI.create(upload))
                .header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                HttpResponse.BodyHandlers.discarding());
        return feed;
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
