package dev.berth.builder.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {

    /** A file capability (v2, cap_setuid+ep): binary, with a byte over 0x7f that UTF-8 text could not carry. */
    private static final byte[] CAPABILITY = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path work;

    private ContentStore store() throws IOException {
        return new ContentStore(DiskStorage.open(work.resolve("store"), Clock.systemUTC()));
    }

    private static LayerEntry.Content bytes(String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        return new LayerEntry.Content() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }
        };
    }

    @Test
    void entries_areWrittenParentsFirstInByteOrder() throws Exception {
        ContentStore store = store();
        Layer layer = new LayerWriter(store).write(List.of(
                new LayerEntry.RegularFile("b/z", 0644, 0, 0, Instant.EPOCH, bytes("z")),
                new LayerEntry.Directory("b", 0755, 0, 0, Instant.EPOCH),
                new LayerEntry.RegularFile("a", 0644, 0, 0, Instant.EPOCH, bytes("a")),
                new LayerEntry.RegularFile("b/a", 0644, 0, 0, Instant.EPOCH, bytes("a"))), Compression.GZIP, null);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new dev.berth.builder.image.LayerReader(store).open(layer.blob())) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("a", "b/", "b/a", "b/z"), names);
    }

    @Test
    void xattrs_areWrittenAsRawPaxRecords() throws Exception {
        ContentStore store = store();
        String longName = "usr/lib/" + "x".repeat(120) + "/tool";
        Layer layer = new LayerWriter(store).write(List.of(new LayerEntry.RegularFile(longName,
                0755, 0, 0, Instant.EPOCH, bytes("binary"), Map.of("security.capability", CAPABILITY))),
                Compression.NONE, null);
        byte[] tar = store.read(layer.blob().digest());
        byte[] record = "SCHILY.xattr.security.capability=".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(tar, record);
        assertTrue(at > 0, "no xattr record in the layer");
        assertArrayEquals(CAPABILITY, Arrays.copyOfRange(tar, at + record.length, at + record.length
                + CAPABILITY.length));
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry = in.getNextEntry();
            assertEquals(longName, entry.getName(), "the full path comes from our PAX header");
            assertEquals(null, in.getNextEntry());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
