package dev.berth.builder.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.builder.image.LayerReader;
import dev.berth.builder.image.RootfsExtractor;
import dev.berth.builder.layer.LayerEntry;
import dev.berth.cache.content.ContentStore;
import dev.berth.cache.disk.DiskStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extended attributes a step sets (a file capability, a user attribute) come out with the step's changes, from both
 * snapshotters. Uses Debian's attr tools (./test.sh installs them) to set them, as a command in the step would.
 */
class SnapshotXattrsTest {

    private static final byte[] CAPABILITY = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path work;

    private RootfsExtractor extractor() throws Exception {
        return new RootfsExtractor(new LayerReader(new ContentStore(DiskStorage.open(work.resolve("store"),
                Clock.systemUTC()))));
    }

    private void assertXattrsCaptured(Snapshotter snapshotter) throws Exception {
        try (Snapshot snapshot = snapshotter.prepare(List.of(), Set.of(), Set.of())) {
            Path tool = snapshot.rootfs().resolve("tool");
            Files.writeString(tool, "binary");
            Commands.run("setfattr", "-n", "security.capability", "-v",
                    "0s" + Base64.getEncoder().encodeToString(CAPABILITY), tool.toString());
            Commands.run("setfattr", "-n", "user.berth", "-v", "hello", tool.toString());
            LayerEntry.RegularFile file = (LayerEntry.RegularFile) snapshot.changes(Set.of()).stream()
                    .filter(e -> e.path().equals("tool")).findFirst().orElseThrow();
            assertArrayEquals(CAPABILITY, file.xattrs().get("security.capability"));
            assertEquals("hello", new String(file.xattrs().get("user.berth")));
        }
    }

    @Test
    void copySnapshots_captureXattrs() throws Exception {
        assertXattrsCaptured(new CopySnapshotter(extractor(), work.resolve("scratch")));
    }

    @Test
    void overlaySnapshots_captureXattrs() throws Exception {
        Path scratch = Files.createDirectories(work.resolve("scratch"));
        assertTrue(OverlaySnapshotter.available(scratch), "overlayfs snapshots need root, overlayfs and attr");
        assertXattrsCaptured(new OverlaySnapshotter(extractor(), work.resolve("layers"), scratch));
    }
}
