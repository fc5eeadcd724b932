package dev.berth.builder.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Parallel gzip: what gzip readers (the JDK's, GNU gzip) read back, byte for byte. */
class ParallelGzipOutputStreamTest {

    @Test
    void anyLength_readsBackAsWritten_andTheSameInputGivesTheSameGzip() throws Exception {
        for (int length : List.of(0, 1, 4095, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 12345)) {
            byte[] input = mixed(length);
            byte[] gzip = parallel(input);
            assertArrayEquals(input, gunzip(gzip), "length " + length);
            assertArrayEquals(gzip, parallel(input), "length " + length + " is deterministic");
        }
    }

    @Test
    void gnuGzip_readsItBack() throws Exception {
        byte[] input = mixed(3 << 20);
        Process gzip = new ProcessBuilder("gzip", "-dc").start();
        Thread.ofVirtual().start(() -> {
            try (var stdin = gzip.getOutputStream()) {
                stdin.write(parallel(input));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] output = gzip.getInputStream().readAllBytes();
        assertTrue(gzip.waitFor() == 0, new String(gzip.getErrorStream().readAllBytes()));
        assertArrayEquals(input, output);
    }

    @Test
    void textCompressesAboutAsWellAsOneStream_andRandomDataIsStored() throws Exception {
        byte[] text = text(6 << 20);
        int single = jdk(text).length;
        int parallel = parallel(text).length;
        assertTrue(parallel < single * 1.05, "parallel " + parallel + " vs single stream " + single);
        byte[] random = new byte[3 << 20];
        new Random(7).nextBytes(random);
        assertTrue(parallel(random).length < random.length * 1.01, "stored blocks add little");
    }

    @Test
    void writesOfOneByte_giveTheSameGzipAsOneWrite() throws Exception {
        byte[] input = mixed(70_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, Deflater.DEFAULT_COMPRESSION)) {
            for (byte b : input) {
                gzip.write(b);
            }
        }
        assertArrayEquals(parallel(input), out.toByteArray());
    }

    private static byte[] parallel(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, Deflater.DEFAULT_COMPRESSION)) {
            gzip.write(input);
        }
        return out.toByteArray();
    }

    private static byte[] jdk(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(input);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** Text with random stretches, so that blocks of both kinds meet. */
    private static byte[] mixed(int length) {
        byte[] bytes = text(length);
        Random random = new Random(length);
        for (int at = 0; at < length; at += 3 << 19) {
            byte[] noise = new byte[Math.min(200_000, length - at)];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, bytes, at, noise.length);
        }
        return bytes;
    }

    private static byte[] text(int length) {
        String words = "layer snapshot digest manifest registry builder stage cache mount secret ";
        byte[] bytes = new byte[length];
        Random random = new Random(42);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (random.nextInt(40) == 0 ? '\n' : words.charAt((i * 31 + i / 7) % words.length()));
        }
        return bytes;
    }
}
