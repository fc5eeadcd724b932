package dev.berth.cache.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies a stream into a file while hashing it, with the hashing on a second thread so that receiving, writing and
 * hashing overlap: on a machine without SHA instructions, hashing alone is slower than the network and the disk.
 */
final class HashingCopy {

    /** The first read's buffer: small, as an upload may be a small blob, or a slow client's. */
    private static final int FIRST_BUFFER = 16 * 1024;
    private static final int BUFFER = 256 * 1024;
    private static final int BUFFERS = 4;

    private HashingCopy() {
    }

    /** Copies everything from {@code in} to {@code out} at its position, feeding {@code hash} in order. */
    static long copy(InputStream in, FileChannel out, MessageDigest hash) throws IOException {
        // Buffers are allocated as the upload proves long enough to need them: a registry receives hundreds of
        // uploads at once, most of them small or slow.
        byte[][] buffers = new byte[BUFFERS][];
        Future<?>[] hashed = new Future<?>[BUFFERS];
        long total = 0;
        try (ExecutorService hasher = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory())) {
            for (int slot = 0; ; slot = (slot + 1) % BUFFERS) {
                await(hashed[slot]);
                if (buffers[slot] == null || (total > 0 && buffers[slot].length < BUFFER)) {
                    buffers[slot] = new byte[total == 0 ? FIRST_BUFFER : BUFFER];
                }
                byte[] buffer = buffers[slot];
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    hashed[slot] = hasher.submit(() -> hash.update(buffer, 0, n));
                    ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
                    while (wrapped.hasRemaining()) {
                        out.write(wrapped);
                    }
                    total += n;
                }
                if (n < buffer.length) {   // readNBytes stops short only at the end of the stream
                    break;
                }
            }
            for (Future<?> pending : hashed) {
                await(pending);
            }
        }
        return total;
    }

    private static void await(Future<?> hashing) throws IOException {
        if (hashing == null) {
            return;
        }
        try {
            hashing.get();
        } catch (ExecutionException e) {
            throw new IOException("hashing the upload failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing the upload", e);
        }
    }
}
