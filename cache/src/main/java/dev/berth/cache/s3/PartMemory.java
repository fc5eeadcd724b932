package dev.berth.cache.s3;

import java.io.InterruptedIOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The buffers of the S3 parts a node holds in memory at once, across every upload: half its heap, in parts, and at
 * least two. A request that wants another part's buffer when all are taken waits for one to be sent, so many large
 * pushes at once slow each other down rather than exhaust the heap; buffers given back are used again rather than
 * left to the garbage collector.
 */
final class PartMemory {

    private final int partSize;
    private final Semaphore parts;
    private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

    PartMemory(long heap, int partSize) {
        this.partSize = partSize;
        this.parts = new Semaphore((int) Math.max(2, heap / 2 / partSize));
    }

    /** A part's buffer, once there is room for it. */
    byte[] take() throws InterruptedIOException {
        try {
            parts.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for memory for an upload's part");
        }
        byte[] buffer = free.poll();
        return buffer != null ? buffer : new byte[partSize];
    }

    /** Gives back a buffer {@link #take} gave, once its part is sent or dropped. */
    void give(byte[] buffer) {
        free.add(buffer);
        parts.release();
    }
}
