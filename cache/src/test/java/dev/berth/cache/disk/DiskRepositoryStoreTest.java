package dev.berth.cache.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.repository.RepositoryStoreContract;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository store contract on local disk, and what only files can get wrong. */
class DiskRepositoryStoreTest extends RepositoryStoreContract {

    @TempDir
    Path root;

    @Override
    protected RepositoryStore open() throws IOException {
        return DiskStorage.open(root, Clock.systemUTC()).repositories();
    }

    @Override
    protected RepositoryStore reopen() throws IOException {
        return DiskStorage.open(root, Clock.systemUTC()).repositories();
    }

    @Test
    void tags_leaveOutFilesThatAreNotTags() throws IOException {
        store.tag(REPO, Tag.of("v1"), digest("v1"));
        Path tags = root.resolve("repositories/team/app/_tags");
        Files.writeString(tags.resolve(".v2.json.4d9a2c7e.tmp"), "partly written");
        Files.writeString(tags.resolve("not a tag.json"), "{}");
        Files.writeString(tags.resolve("notes.txt"), "");
        assertEquals(List.of(Tag.of("v1")), store.tags(REPO));
    }

    @Test
    void tags_thatCannotBeListed_failNamingTheDirectory() throws IOException {
        Path tags = Files.createDirectories(root.resolve("repositories/team/app")).resolve("_tags");
        Files.writeString(tags, "a file where the directory should be");
        IOException failure = assertThrows(IOException.class, () -> store.tags(REPO));
        assertTrue(failure.getMessage().contains(tags.toString()), failure.getMessage());
    }
}
