package dev.berth.cache.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the disk storage alone (the registry) or shared with other writers of the directory (the builder). */
class DiskStorageTest {

    private static final RepositoryName REPO = RepositoryName.of("team/app");
    private static final Tag TAG = Tag.of("latest");

    @TempDir
    Path root;

    @Test
    void sharedStorage_seesATagAnotherProcessMovedAfterReadingIt() throws IOException {
        RepositoryStore shared = DiskStorage.openShared(root, Clock.systemUTC()).repositories();
        RepositoryStore other = DiskStorage.openShared(root, Clock.systemUTC()).repositories();
        assertEquals(Optional.empty(), shared.resolveTag(REPO, TAG));
        other.tag(REPO, TAG, digest("one"));
        assertEquals(Optional.of(digest("one")), shared.resolveTag(REPO, TAG));
        other.tag(REPO, TAG, digest("two"));
        assertEquals(Optional.of(digest("two")), shared.resolveTag(REPO, TAG));
    }

    @Test
    void sharedStorage_leavesATempFileBeingWrittenAndTakesADayOldOne() throws IOException {
        Path tmp = new DiskLayout(root.toAbsolutePath()).tmp();
        Files.createDirectories(tmp);
        Path writing = Files.writeString(tmp.resolve("being-written"), "partial");
        Path leftover = Files.writeString(tmp.resolve("left-over"), "partial");
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        DiskStorage.openShared(root, Clock.systemUTC());

        assertTrue(Files.exists(writing));
        assertFalse(Files.exists(leftover));
    }

    @Test
    void exclusiveStorage_takesEveryTempFileForALeftover() throws IOException {
        Path tmp = new DiskLayout(root.toAbsolutePath()).tmp();
        Files.createDirectories(tmp);
        Path leftover = Files.writeString(tmp.resolve("left-over"), "partial");

        DiskStorage.open(root, Clock.systemUTC());

        assertFalse(Files.exists(leftover));
    }

    private static Digest digest(String seed) {
        return Digest.sha256(seed.getBytes());
    }
}
