package dev.berth.cache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog a store only this process writes remembers: paged by binary search, and never behind a write. */
class CachedCatalogTest {

    @TempDir
    Path root;

    private static RepositoryName name(String value) {
        return RepositoryName.of(value);
    }

    @Test
    void pages_comeFromOneReading_inNameOrder() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CachedCatalog catalog = new CachedCatalog(() -> {
            reads.incrementAndGet();
            return List.of(name("a"), name("a-c"), name("a/b"), name("b"));
        });
        assertEquals(List.of(name("a"), name("a-c")), catalog.after(Optional.empty(), 2));
        assertEquals(List.of(name("a/b"), name("b")), catalog.after(Optional.of("a-c"), 2));
        assertEquals(List.of(name("a-c")), catalog.after(Optional.of("a"), 1));
        assertEquals(List.of(), catalog.after(Optional.of("b"), 5));
        assertEquals(List.of(name("a/b"), name("b")), catalog.after(Optional.of("a/a"), 5));
        assertEquals(1, reads.get());
        catalog.written(name("b"));
        catalog.all();
        assertEquals(1, reads.get(), "a write to a repository already listed changes nothing");
        catalog.written(name("c"));
        catalog.all();
        assertEquals(2, reads.get(), "a new repository makes it read again");
    }

    @Test
    void overADataDirectoryItOwns_theStoreListsNewRepositoriesAtOnce_andForgetsDeletedOnes() throws Exception {
        RepositoryStore store = DiskStorage.open(root, Clock.systemUTC(), CacheSettings.exclusive()).repositories();
        Digest digest = Digest.sha256("m".getBytes(StandardCharsets.UTF_8));
        store.tag(name("team/app"), Tag.of("v1"), digest);
        assertEquals(List.of(name("team/app")), store.repositories());
        store.tag(name("team/api"), Tag.of("v1"), digest);
        store.linkBlob(name("other"), digest);
        assertEquals(List.of(name("other"), name("team/api"), name("team/app")), store.repositories());
        assertEquals(List.of(name("team/app")), store.repositories(Optional.of("team/api"), 10));
        store.deleteRepository(name("team/api"));
        assertEquals(List.of(name("other"), name("team/app")), store.repositories());
    }
}
