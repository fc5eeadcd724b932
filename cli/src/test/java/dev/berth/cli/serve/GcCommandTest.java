package dev.berth.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.Registry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** berth gc, in a data directory and through a running registry, and its one-line refusals. */
class GcCommandTest {

    private static final byte[] LOOSE = "a layer no manifest ever referenced".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int gc(String... args) {
        GcCommand command = new GcCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()));
        return new CommandLine(command).execute(args);
    }

    private Storage storageWithALooseBlob(Path data) throws Exception {
        Storage storage = DiskStorage.open(data, Clock.systemUTC());
        storage.blobs().put(Digest.sha256(LOOSE), LOOSE);
        storage.repositories().linkBlob(RepositoryName.of("team/app"), Digest.sha256(LOOSE));
        return storage;
    }

    @Test
    void inADataDirectory_aDryRunReports_andTheRealRunReclaims() throws Exception {
        Path data = dir.resolve("data");
        Storage storage = storageWithALooseBlob(data);
        assertEquals(0, gc("--data", data.toString(), "--dry-run"), err.toString());
        assertTrue(out.toString().contains("would reclaim 0 manifest(s), 0 tag(s), 0 blob(s)"), out.toString());
        assertTrue(out.toString().contains("kept 1 unreferenced blob(s)"), "it is within the default hour");

        out.reset();
        assertEquals(0, gc("--data", data.toString(), "--grace", "0", "--dry-run"), err.toString());
        assertTrue(out.toString().contains("would reclaim 0 manifest(s), 0 tag(s), 0 blob(s)"),
                "the push deadline still protects what was just written: " + out);
        assertTrue(storage.blobs().stat(Digest.sha256(LOOSE)).isPresent());
    }

    @Test
    void throughARunningRegistry_theReportComesBack() throws Exception {
        Storage storage = storageWithALooseBlob(dir.resolve("served"));
        try (Registry registry = Registry.start("127.0.0.1", 0, storage, Clock.systemUTC())) {
            assertEquals(0, gc("127.0.0.1:" + registry.port(), "--json"), err.toString());
            assertTrue(out.toString().contains("\"spared\":1"), out.toString());
            assertFalse(out.toString().contains("\"dryRun\":true"));
        }
    }

    @Test
    void contradictoryOrMisplacedOptions_areOneLineErrors() {
        assertEquals(2, gc("127.0.0.1:5000", "--data", dir.toString()));
        assertEquals(2, gc("--grace", "0"));
        assertEquals(2, gc("--data", dir.toString(), "--grace", "soon"));
        assertEquals(3, err.toString().lines().count(), "one line each: " + err);
        assertTrue(err.toString().contains("grace 'soon' is not a positive duration"), err.toString());
    }

    @Test
    void aRegistryThatIsNotThere_isNamed() {
        assertEquals(1, gc("127.0.0.1:1"));
        assertTrue(err.toString().startsWith("berth gc: cannot reach registry 127.0.0.1:1"), err.toString());
        assertFalse(Files.exists(dir.resolve("data")));
    }
}
