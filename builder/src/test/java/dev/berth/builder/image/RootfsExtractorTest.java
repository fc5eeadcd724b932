package dev.berth.builder.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.builder.layer.Compression;
import dev.berth.builder.layer.Layer;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import dev.berth.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted layers that try to write outside the root: every one is neutralised, and nothing escapes. */
class RootfsExtractorTest {

    @TempDir
    Path work;
    private Path root;
    private Path outside;
    private ContentStore store;
    private RootfsExtractor extractor;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(work.resolve("jail/root"));
        outside = work.resolve("jail");
        store = new ContentStore(DiskStorage.open(work.resolve("store"), Clock.systemUTC()));
        extractor = new RootfsExtractor(new LayerReader(store));
    }

    /** An uncompressed layer from (type, name, link target or content) triples. */
    private Layer layer(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.length; i += 3) {
                String type = entries[i];
                TarArchiveEntry entry = switch (type) {
                    case "dir" -> new TarArchiveEntry(entries[i + 1], TarConstants.LF_DIR);
                    case "symlink" -> new TarArchiveEntry(entries[i + 1], TarConstants.LF_SYMLINK);
                    case "hardlink" -> new TarArchiveEntry(entries[i + 1], TarConstants.LF_LINK);
                    case "chardev" -> new TarArchiveEntry(entries[i + 1], TarConstants.LF_CHR);
                    default -> new TarArchiveEntry(entries[i + 1], TarConstants.LF_NORMAL);
                };
                byte[] content = entries[i + 2].getBytes(StandardCharsets.UTF_8);
                if (type.equals("symlink") || type.equals("hardlink")) {
                    entry.setLinkName(entries[i + 2]);
                    content = new byte[0];
                }
                entry.setMode(type.equals("dir") ? 0755 : 0644);
                entry.setSize(type.equals("file") ? content.length : 0);
                tar.putArchiveEntry(entry);
                if (type.equals("file")) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        }
        var descriptor = store.put(Compression.NONE.mediaType(), bytes.toByteArray());
        return new Layer(descriptor, Digest.sha256(bytes.toByteArray()));
    }

    private void assertNothingOutside() throws IOException {
        try (var files = Files.list(outside)) {
            assertEquals(List.of(root), files.toList(), "only the root may exist in its parent");
        }
    }

    @Test
    void dotDotInNames_staysInside() throws Exception {
        extractor.extract(List.of(layer("file", "../escaped", "x", "file", "a/../../../up", "y")), root);
        assertNothingOutside();
        assertTrue(Files.exists(root.resolve("escaped")));
    }

    @Test
    void absoluteNames_areTakenRelativeToTheRoot() throws Exception {
        extractor.extract(List.of(layer("file", "/abs", "x")), root);
        assertTrue(Files.exists(root.resolve("abs")));
        assertNothingOutside();
    }

    @Test
    void writingThroughASymlinkThatPointsOutside_staysInside() throws Exception {
        extractor.extract(List.of(layer("symlink", "link", "/", "file", "link/owned", "x",
                "symlink", "rel", "../../..", "file", "rel/owned2", "y")), root);
        assertNothingOutside();
        assertTrue(Files.exists(root.resolve("owned")), "written below the root, as / means the root");
        assertTrue(Files.exists(root.resolve("owned2")));
    }

    @Test
    void hardlinkToAFileOutside_isNotCreatedOutsideOrToIt() throws Exception {
        Files.writeString(outside.resolve("secret"), "s");
        extractor.extract(List.of(layer("hardlink", "stolen", "../secret")), root);
        assertFalse(Files.exists(root.resolve("stolen")), "a hardlink to a path the root lacks is skipped");
        Files.delete(outside.resolve("secret"));
        assertNothingOutside();
    }

    @Test
    void deviceNodes_areSkipped() throws Exception {
        extractor.extract(List.of(layer("chardev", "dev-null", "")), root);
        assertFalse(Files.exists(root.resolve("dev-null"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void bareAndDotWhiteouts_deleteNothing() throws Exception {
        extractor.extract(List.of(layer("file", "keep", "k"), layer("file", ".wh.", "", "file", ".wh..", "",
                "file", ".wh...", "")), root);
        assertTrue(Files.exists(root.resolve("keep")));
        assertNothingOutside();
    }

    @Test
    void whiteouts_andOpaqueDirectories_removeLowerContent() throws Exception {
        extractor.extract(List.of(
                layer("dir", "d/", "", "file", "d/a", "a", "file", "d/b", "b", "file", "gone", "g"),
                layer("file", ".wh.gone", "", "file", "d/.wh..wh..opq", "", "file", "d/c", "c")), root);
        assertFalse(Files.exists(root.resolve("gone")));
        try (var entries = Files.list(root.resolve("d"))) {
            assertEquals(List.of("c"), entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void binaryFileCapabilities_surviveExtraction() throws Exception {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] content = "tool".getBytes(StandardCharsets.UTF_8);
        Layer layer = new dev.berth.builder.layer.LayerWriter(store).write(List.of(
                new dev.berth.builder.layer.LayerEntry.RegularFile("bin/tool", 0755, 0, 0, java.time.Instant.EPOCH,
                        new dev.berth.builder.layer.LayerEntry.Content() {
                            @Override
                            public long size() {
                                return content.length;
                            }

                            @Override
                            public java.io.InputStream open() {
                                return new java.io.ByteArrayInputStream(content);
                            }
                        }, java.util.Map.of("security.capability", capability, "user.note", "plain".getBytes()))),
                Compression.GZIP, null);
        extractor.extract(List.of(layer), root);
        Process get = new ProcessBuilder("getfattr", "-d", "-m", "-", "-e", "base64", "--absolute-names",
                root.resolve("bin/tool").toString()).redirectErrorStream(true).start();
        String dump = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dump.contains("security.capability=0s" + java.util.Base64.getEncoder().encodeToString(capability)),
                dump);
        assertTrue(dump.contains("user.note=0s" + java.util.Base64.getEncoder().encodeToString("plain".getBytes())),
                dump);
    }
}
