package dev.berth.builder.layer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PAX extended header with records whose values are raw bytes, as extended attributes need
 * ({@code SCHILY.xattr.security.capability} is binary; commons-compress only writes UTF-8 text values).
 */
final class PaxHeader {

    private final TreeMap<String, byte[]> records = new TreeMap<>();

    void put(String key, byte[] value) {
        records.put(key, value);
    }

    void put(String key, String value) {
        records.put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    void putXattrs(Map<String, byte[]> xattrs) {
        xattrs.forEach((name, value) -> put("SCHILY.xattr." + name, value));
    }

    /** The header's content: one {@code "<length> <key>=<value>\n"} record each, length counting itself. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + keyBytes.length + 1 + value.length + 1;
            int length = body + String.valueOf(body).length();
            if (String.valueOf(length).length() != String.valueOf(body).length()) {
                length++;
            }
            out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(keyBytes);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }
}
