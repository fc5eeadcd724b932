package dev.berth.builder.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the extended attributes of a tar's entries straight from its PAX headers, as raw bytes. commons-compress
 * decodes PAX values as UTF-8 text, which breaks binary values such as file capabilities; this reader does not.
 */
final class RawPax {

    private static final int BLOCK = 512;

    private RawPax() {
    }

    /** Entry name to its extended attributes, for every entry that has some. */
    static Map<String, Map<String, byte[]>> xattrs(InputStream tar) throws IOException {
        Map<String, Map<String, byte[]>> found = new HashMap<>();
        Map<String, byte[]> pending = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        while (tar.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
            char type = (char) header[156];
            long size = size(header);
            if (type == 'x') {
                pending = parse(tar.readNBytes((int) size));
                skip(tar, padding(size));
                continue;
            }
            if (type == 'g' || type == 'L' || type == 'K') {
                skip(tar, size + padding(size));
                continue;
            }
            String name = pending.containsKey("path") ? new String(pending.get("path"), StandardCharsets.UTF_8)
                    : name(header);
            Map<String, byte[]> xattrs = new HashMap<>();
            pending.forEach((key, value) -> {
                if (key.startsWith("SCHILY.xattr.")) {
                    xattrs.put(key.substring("SCHILY.xattr.".length()), value);
                }
            });
            if (!xattrs.isEmpty()) {
                found.put(name, xattrs);
            }
            pending = new LinkedHashMap<>();
            skip(tar, size + padding(size));
        }
        return found;
    }

    /** The records of a PAX header: {@code "<length> <key>=<value>\n"}, values kept as bytes. */
    static Map<String, byte[]> parse(byte[] data) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int at = 0;
        while (at < data.length) {
            int space = at;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space >= data.length) {
                break;
            }
            int length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            int equals = space + 1;
            while (equals < at + length && data[equals] != '=') {
                equals++;
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            records.put(key, Arrays.copyOfRange(data, equals + 1, at + length - 1));
            at += length;
        }
        return records;
    }

    private static String name(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")
                ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long size(byte[] header) {
        if ((header[124] & 0x80) != 0) {
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        String octal = field(header, 124, 12).trim();
        return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return;
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
