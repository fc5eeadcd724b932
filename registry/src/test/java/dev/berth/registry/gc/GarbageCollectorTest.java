package dev.berth.registry.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.MovableClock;
import dev.berth.registry.manifest.ManifestPush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection on local disk, with a clock the test moves past the window. */
class GarbageCollectorTest {

    private static final RepositoryName APP = RepositoryName.of("team/app");
    private static final RepositoryName OTHER = RepositoryName.of("team/other");
    private static final GcSettings SETTINGS = GcSettings.defaults();
    private static final Duration PAST_THE_WINDOW = SETTINGS.window().plusMinutes(1);

    @TempDir
    Path data;

    private final MovableClock clock = new MovableClock(Instant.now());
    private Storage storage;
    private TestImages images;

    @BeforeEach
    void openStorage() throws Exception {
        storage = DiskStorage.open(data, clock);
        images = new TestImages(storage, new ManifestPush(storage, clock, new PushFence(storage.marks(), clock,
                SETTINGS)));
    }

    private GcReport collect(GcSettings settings, boolean dryRun) throws Exception {
        return new GarbageCollector(storage, clock, settings, Duration.ofDays(1)).collect(dryRun);
    }

    private GcReport collect() throws Exception {
        return collect(SETTINGS, false);
    }

    private boolean stored(String content) throws Exception {
        return storage.blobs().stat(Digest.sha256(content.getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void aBlobNoManifestReferences_isReclaimed_onlyOnceUnreferencedForLongerThanTheWindow() throws Exception {
        images.image(APP, "v1", "kept layer");
        images.blob(APP, "abandoned layer");
        assertEquals(0, collect().blobs());
        assertTrue(stored("abandoned layer"), "within the window, an upload may still get its manifest");
        clock.advance(PAST_THE_WINDOW);
        GcReport report = collect();
        assertEquals(1, report.blobs());
        assertEquals("abandoned layer".length(), report.bytes());
        assertFalse(stored("abandoned layer"));
        assertTrue(stored("kept layer"));
        assertFalse(storage.repositories().blobLinks(APP).contains(Digest.sha256(
                "abandoned layer".getBytes(StandardCharsets.UTF_8))), "the repository's link goes with the blob");
    }

    @Test
    void aDeletedManifest_losesTheBlobsOnlyIt_referenced() throws Exception {
        Digest first = images.image(APP, "v1", "shared layer", "first's own layer");
        images.image(OTHER, "v1", "shared layer");
        storage.repositories().deleteManifest(APP, first);
        clock.advance(PAST_THE_WINDOW);
        collect();
        assertFalse(stored("first's own layer"));
        assertTrue(stored("shared layer"), "another repository's image still needs it");
        assertTrue(storage.blobs().stat(first).isEmpty(), "the manifest's own bytes are reclaimed too");
    }

    @Test
    void anUntaggedManifest_isKept_unlessUntaggedManifestsAreReclaimed() throws Exception {
        Digest old = images.image(APP, "latest", "old layer", "base layer");
        images.image(APP, "latest", "new layer", "base layer");
        clock.advance(PAST_THE_WINDOW);
        assertEquals(0, collect().manifests().size());
        assertTrue(stored("old layer"));
        GcReport report = collect(new GcSettings(SETTINGS.grace(), SETTINGS.pushDeadline(), true,
                Optional.empty()), false);
        assertEquals(1, report.manifests().size());
        assertEquals("no tag reaches it", report.manifests().getFirst().reason());
        assertTrue(storage.repositories().manifest(APP, old).isEmpty());
        assertFalse(stored("old layer"));
        assertTrue(stored("base layer"));
        assertTrue(stored("new layer"));
    }

    @Test
    void theManifestsATaggedIndexLists_areKept_thoughUntagged() throws Exception {
        Digest amd64 = images.image(APP, null, "amd64 layer");
        Digest arm64 = images.image(APP, null, "arm64 layer");
        images.index(APP, "v1", amd64, arm64);
        clock.advance(PAST_THE_WINDOW);
        GcReport report = collect(new GcSettings(SETTINGS.grace(), SETTINGS.pushDeadline(), true,
                Optional.empty()), false);
        assertEquals(0, report.manifests().size());
        assertTrue(stored("amd64 layer"));
        assertTrue(stored("arm64 layer"));
    }

    @Test
    void signaturesWhoseImageIsGone_areReclaimed_referrersAndCosignTagsAlike() throws Exception {
        Digest image = images.image(APP, "v1", "signed layer");
        Digest referrer = images.referrer(APP, image, "a sigstore bundle");
        Digest cosign = images.image(APP, "sha256-" + image.hex() + ".sig", "a cosign signature");
        Digest kept = images.image(APP, "v2", "another layer");
        Digest keptSignature = images.referrer(APP, kept, "a signature of v2");
        storage.repositories().deleteManifest(APP, image);
        clock.advance(PAST_THE_WINDOW);
        GcReport report = collect();
        assertEquals(Set.of(referrer.toString(), cosign.toString()), report.manifests().stream()
                .map(GcReport.ReclaimedManifest::digest).collect(Collectors.toSet()));
        assertEquals(1, report.tags().size());
        assertTrue(storage.repositories().resolveTag(APP, Tag.of("sha256-" + image.hex() + ".sig")).isEmpty());
        assertFalse(stored("a sigstore bundle"));
        assertFalse(stored("a cosign signature"));
        assertTrue(storage.repositories().manifest(APP, keptSignature).isPresent(), "its subject is still there");
    }

    @Test
    void aDryRun_reportsWhatWouldBeReclaimed_andChangesNothing() throws Exception {
        Digest image = images.image(APP, "v1", "signed layer");
        images.referrer(APP, image, "a signature");
        storage.repositories().deleteManifest(APP, image);
        clock.advance(PAST_THE_WINDOW);
        GcReport preview = collect(SETTINGS, true);
        assertTrue(preview.dryRun());
        assertEquals(1, preview.manifests().size());
        assertEquals(6, preview.blobs(), "the image's bytes, config and layer, and the signature's");
        assertTrue(stored("signed layer"));
        GcReport real = collect();
        assertEquals(preview.manifests(), real.manifests());
        assertTrue(real.blobs() >= preview.blobs());
    }

    @Test
    void aPushThatTouchesContentFirst_keepsItFromACollection() throws Exception {
        Digest loose = images.blob(APP, "a layer pushed long ago");
        clock.advance(PAST_THE_WINDOW);
        Notices notices = new Notices(storage.marks(), clock, "test-sweep");
        new PushFence(storage.marks(), clock, SETTINGS).hold(Set.of(loose));
        assertFalse(notices.deleteIfUntouched(Set.of(loose), clock.instant().minus(SETTINGS.window()),
                () -> storage.blobs().delete(loose)));
        assertTrue(storage.blobs().stat(loose).isPresent());
        assertTrue(storage.marks().condemned().isEmpty(), "the notice is withdrawn");
    }

    @Test
    void aPushThatFindsANotice_waitsForTheCollection_andThenSeesWhatItDeleted() throws Exception {
        Digest loose = images.blob(APP, "a layer pushed long ago");
        clock.advance(PAST_THE_WINDOW);
        Notices notices = new Notices(storage.marks(), clock, "test-sweep");
        CountDownLatch deleting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> collection = CompletableFuture.supplyAsync(() -> {
            try {
                return notices.deleteIfUntouched(Set.of(loose), clock.instant().minus(SETTINGS.window()), () -> {
                    deleting.countDown();
                    awaitQuietly(release);
                    storage.blobs().delete(loose);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(deleting.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> push = CompletableFuture.runAsync(() -> {
            try {
                new PushFence(storage.marks(), clock, SETTINGS).hold(Set.of(loose));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(push.isDone(), "the push waits while the collection deletes what it references");
        release.countDown();
        push.get(10, TimeUnit.SECONDS);
        assertTrue(collection.get(10, TimeUnit.SECONDS));
        assertTrue(storage.blobs().statStored(loose).isEmpty(), "so the push finds it gone, and is refused");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
