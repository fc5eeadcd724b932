package dev.berth.cache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's cache over storage another node writes too: its own writes are seen at once, what another node adds is
 * found at once (no absence is remembered), and what another node changes is seen within the TTL.
 */
class CachingRepositoryStoreTest {

    private static final RepositoryName REPO = RepositoryName.of("team/app");
    private static final Duration TTL = Duration.ofMillis(300);

    @TempDir
    Path root;
    private RepositoryStore node;
    private RepositoryStore otherNode;

    @BeforeEach
    void open() throws Exception {
        node = new CachingRepositoryStore(DiskStorage.openShared(root, Clock.systemUTC()).repositories(),
                new CacheSettings(CacheSettings.DEFAULT_MANIFEST_BYTES, Optional.of(TTL)));
        otherNode = DiskStorage.openShared(root, Clock.systemUTC()).repositories();
    }

    private static Digest digest(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void itsOwnWrites_areSeenAtOnce() throws Exception {
        node.tag(REPO, Tag.of("v1"), digest("one"));
        assertEquals(Optional.of(digest("one")), node.resolveTag(REPO, Tag.of("v1")));
        node.tag(REPO, Tag.of("v1"), digest("two"));
        assertEquals(Optional.of(digest("two")), node.resolveTag(REPO, Tag.of("v1")));
        assertEquals(List.of(Tag.of("v1")), node.tags(REPO));
        node.tag(REPO, Tag.of("v2"), digest("two"));
        assertEquals(List.of(Tag.of("v1"), Tag.of("v2")), node.tags(REPO));
        node.deleteTag(REPO, Tag.of("v1"));
        assertEquals(List.of(Tag.of("v2")), node.tags(REPO));
        node.unlinkBlob(REPO, digest("layer"));
        node.linkBlob(REPO, digest("layer"));
        assertTrue(node.hasBlob(REPO, digest("layer")));
    }

    @Test
    void whatAnotherNodeAdds_isFoundAtOnce_forNoAbsenceIsRemembered() throws Exception {
        assertEquals(Optional.empty(), node.resolveTag(REPO, Tag.of("new")));
        assertEquals(List.of(), node.tags(REPO));
        assertTrue(!node.hasBlob(REPO, digest("layer")));
        otherNode.tag(REPO, Tag.of("new"), digest("one"));
        otherNode.linkBlob(REPO, digest("layer"));
        assertEquals(Optional.of(digest("one")), node.resolveTag(REPO, Tag.of("new")));
        assertEquals(List.of(Tag.of("new")), node.tags(REPO));
        assertTrue(node.hasBlob(REPO, digest("layer")));
    }

    @Test
    void whatAnotherNodeChanges_isSeenWithinTheTtl() throws Exception {
        node.tag(REPO, Tag.of("v1"), digest("one"));
        assertEquals(Optional.of(digest("one")), node.resolveTag(REPO, Tag.of("v1")));
        assertEquals(List.of(Tag.of("v1")), node.tags(REPO));
        otherNode.tag(REPO, Tag.of("v1"), digest("two"));
        otherNode.tag(REPO, Tag.of("v2"), digest("two"));
        Instant changed = Instant.now();
        awaitWithinTtl(changed, () -> node.resolveTag(REPO, Tag.of("v1")), Optional.of(digest("two")));
        awaitWithinTtl(changed, () -> node.tags(REPO), List.of(Tag.of("v1"), Tag.of("v2")));
    }

    @Test
    void theCaches_countTheirHitsAndMisses() throws Exception {
        node.tag(REPO, Tag.of("v1"), digest("one"));
        node.resolveTag(REPO, Tag.of("v1"));
        node.resolveTag(REPO, Tag.of("v1"));
        CacheStatistics tags = ((Cached) node).cacheStatistics().stream().filter(cache -> cache.name().equals("tags"))
                .findFirst().orElseThrow();
        assertEquals(1, tags.hits());
        assertEquals(1, tags.misses());
    }

    private interface Lookup<T> {
        T get() throws Exception;
    }

    private static <T> void awaitWithinTtl(Instant since, Lookup<T> lookup, T expected) throws Exception {
        Instant deadline = since.plus(TTL).plusSeconds(2);
        while (!expected.equals(lookup.get())) {
            assertTrue(Instant.now().isBefore(deadline), "still not " + expected + " after the TTL");
            Thread.sleep(20);
        }
    }
}
