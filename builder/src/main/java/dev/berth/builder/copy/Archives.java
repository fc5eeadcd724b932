package dev.berth.builder.copy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Recognizes tar archives by content (not name), plain or compressed with gzip, bzip2, xz or zstd, as ADD does.
 */
public final class Archives {

    private Archives() {
    }

    /** Whether the file is a tar archive, possibly compressed. */
    public static boolean isTar(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return false;
        }
        try (InputStream in = open(file)) {
            byte[] header = in.readNBytes(512);
            return header.length == 512 && (isUstar(header) || checksumMatches(header));
        } catch (IOException notAnArchive) {
            return false;
        }
    }

    /** The file's tar stream, decompressed according to its magic bytes. */
    public static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (startsWith(magic, 0x1f, 0x8b)) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (startsWith(magic, 'B', 'Z', 'h')) {
            return new BZip2CompressorInputStream(in);
        }
        if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return new XZCompressorInputStream(in);
        }
        if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
            return new ZstdCompressorInputStream(in);
        }
        return in;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUstar(byte[] header) {
        return new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /** Old tar headers have no magic; their checksum field still checks. */
    private static boolean checksumMatches(byte[] header) {
        String field = new String(header, 148, 8, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
        if (field.isEmpty()) {
            return false;
        }
        long expected;
        try {
            expected = Long.parseLong(field, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        return sum == expected;
    }
}
