package dev.berth.cache.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads of every size around the buffers' edges, arriving in the network's uneven pieces. */
class HashingCopyTest {

    @TempDir
    Path dir;

    @Test
    void uploadsOfEverySizeAroundTheBuffersEdges_arriveWholeAndHashed() throws Exception {
        int small = 16 * 1024;
        int big = 256 * 1024;
        for (int size : new int[] {0, 1, small - 1, small, small + 1, small + big, small + big + 1,
                small + 3 * big, 5 * big + 7}) {
            byte[] content = new byte[size];
            new Random(size).nextBytes(content);
            Path file = dir.resolve("upload-" + size);
            MessageDigest hash = MessageDigest.getInstance("SHA-256");

            long copied;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copied = HashingCopy.copy(new UnevenPieces(content), out, hash);
            }

            assertEquals(size, copied, "size " + size);
            assertArrayEquals(content, Files.readAllBytes(file), "size " + size);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(content), hash.digest(), "size " + size);
        }
    }

    /** A body read from a socket: each read gives at most a few thousand bytes. */
    private static final class UnevenPieces extends InputStream {

        private final ByteArrayInputStream bytes;
        private final Random pieces = new Random(3);

        UnevenPieces(byte[] content) {
            this.bytes = new ByteArrayInputStream(content);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return bytes.read(buffer, offset, Math.min(length, 1 + pieces.nextInt(9000)));
        }
    }
}
