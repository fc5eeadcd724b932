package dev.berth.builder.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on every core, as pigz does: the input is cut into blocks of 1 MiB, each deflated on its own (primed with the
 * last 32 KiB of the block before, so matches reach back as far as in one stream) and ended on a byte boundary, and
 * the pieces are written in order as one gzip member. A block whose first 64 KiB do not compress (already compressed
 * files, random data) is stored rather than searched for matches that are not there, which is where zlib spends most
 * of its time on such data. The output depends only on the input: the same bytes give the same gzip, whatever the
 * threads did.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    private static final int BLOCK = 1 << 20;
    private static final int WINDOW = 32 * 1024;
    private static final int SAMPLE = 64 * 1024;
    /** A sample that shrinks by less than this is incompressible. */
    private static final double STORE_ABOVE = 0.97;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0};

    private final OutputStream out;
    private final int level;
    private final int inFlight;
    private final ExecutorService workers;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private long size;
    private boolean closed;

    /** A stream writing gzip at the given level to {@code out}, with as many blocks in flight as there are cores. */
    public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this.out = out;
        this.level = level;
        this.inFlight = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the gzip stream is closed");
        }
        crc.update(bytes, offset, length);
        size += length;
        while (length > 0) {
            int taken = Math.min(length, BLOCK - filled);
            System.arraycopy(bytes, offset, block, filled, taken);
            filled += taken;
            offset += taken;
            length -= taken;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    /** Ends the deflate stream with the last (possibly empty) block, writes the trailer, and closes the output. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!pending.isEmpty()) {
                out.write(take(pending.removeFirst()));
            }
            writeLittleEndian((int) crc.getValue());
            writeLittleEndian((int) size);
        } finally {
            workers.shutdownNow();
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = filled == BLOCK ? block : Arrays.copyOf(block, filled);
        byte[] primer = dictionary;
        int length = filled;
        pending.addLast(workers.submit(() -> deflate(input, length, primer, last)));
        dictionary = Arrays.copyOfRange(input, Math.max(0, length - WINDOW), length);
        if (dictionary.length == 0) {
            dictionary = primer;
        }
        block = new byte[BLOCK];
        filled = 0;
        while (pending.size() >= inFlight) {
            out.write(take(pending.removeFirst()));
        }
    }

    /** One block as raw deflate, byte-aligned at its end, or final when it is the last. */
    private byte[] deflate(byte[] input, int length, byte[] primer, boolean last) {
        Deflater deflater = new Deflater(incompressible(input, length) ? Deflater.NO_COMPRESSION : level, true);
        try {
            if (primer != null) {
                deflater.setDictionary(primer);
            }
            deflater.setInput(input, 0, length);
            if (last) {
                deflater.finish();
            }
            byte[] output = new byte[length + length / 8 + 1024];
            int written = 0;
            while (true) {
                if (written == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
                int n = last ? deflater.deflate(output, written, output.length - written)
                        : deflater.deflate(output, written, output.length - written, Deflater.SYNC_FLUSH);
                written += n;
                if (last ? deflater.finished() : written < output.length && deflater.needsInput()) {
                    return Arrays.copyOf(output, written);
                }
            }
        } finally {
            deflater.end();
        }
    }

    /** Whether the block's first 64 KiB shrink by less than 3% at the fastest level. */
    private static boolean incompressible(byte[] input, int length) {
        int sample = Math.min(SAMPLE, length);
        if (sample < 4096) {
            return false;
        }
        Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
        try {
            probe.setInput(input, 0, sample);
            probe.finish();
            byte[] scratch = new byte[sample + 1024];
            int written = 0;
            while (!probe.finished() && written < scratch.length) {
                written += probe.deflate(scratch, written, scratch.length - written);
            }
            return written > sample * STORE_ABOVE;
        } finally {
            probe.end();
        }
    }

    private static byte[] take(Future<byte[]> block) throws IOException {
        try {
            return block.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("compressing a block failed: " + e.getCause(), e.getCause());
        }
    }

    private void writeLittleEndian(int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
