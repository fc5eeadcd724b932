package dev.berth.builder.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceHasherTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path work;

    @Test
    void digest_isTheDigestOfTheFilesBytes() throws IOException {
        Path file = Files.writeString(work.resolve("a.txt"), "alpha");
        assertEquals(Digest.sha256("alpha".getBytes(StandardCharsets.UTF_8)), new SourceHasher().digest(file));
    }

    @Test
    void digest_ofARewrittenFile_isOfItsNewBytes() throws IOException {
        SourceHasher hasher = new SourceHasher();
        Path file = Files.writeString(work.resolve("a.txt"), "alpha");
        Digest before = hasher.digest(file);
        Files.writeString(file, "omega");
        assertNotEquals(before, hasher.digest(file));
        assertEquals(Digest.sha256("omega".getBytes(StandardCharsets.UTF_8)), hasher.digest(file));
    }

    @Test
    void save_rewritesTheMemoOnlyWhenARunHashedAFileItDidNotKnow() throws IOException {
        Path known = Files.writeString(work.resolve("known.txt"), "known");
        Path memo = work.resolve("memo").resolve("hashes.tsv");
        SourceHasher first = new SourceHasher();
        first.digest(known);
        first.save(memo);

        SourceHasher second = new SourceHasher();
        second.load(memo);
        second.digest(known);
        Files.setLastModifiedTime(memo, LONG_AGO);
        second.save(memo);
        assertEquals(LONG_AGO, Files.getLastModifiedTime(memo));

        second.digest(Files.writeString(work.resolve("new.txt"), "new"));
        second.save(memo);
        assertNotEquals(LONG_AGO, Files.getLastModifiedTime(memo));
    }
}
