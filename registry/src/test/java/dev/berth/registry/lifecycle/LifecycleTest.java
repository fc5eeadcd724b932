package dev.berth.registry.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cache.disk.DiskStorage;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.MovableClock;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.gc.GcSettings;
import dev.berth.registry.gc.PushFence;
import dev.berth.registry.gc.TestImages;
import dev.berth.registry.manifest.ManifestPush;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle policies applied to a repository on disk, set through the settings every node reads. */
class LifecycleTest {

    private static final RepositoryName APP = RepositoryName.of("team/app");
    private static final String KEEP_TWO = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":2},\"action\":{\"type\":\"expire\"}}]}";
    private static final GcSettings GC = GcSettings.defaults();

    @TempDir
    Path data;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-01T00:00:00Z"));
    private Storage storage;
    private TestImages images;

    @BeforeEach
    void openStorage() throws Exception {
        storage = DiskStorage.open(data, clock);
        images = new TestImages(storage, new ManifestPush(storage, clock, new PushFence(storage.marks(), clock, GC)));
    }

    private Lifecycle lifecycle() {
        return new Lifecycle(storage, clock, new LifecyclePolicies(List.of(), storage.settings()), GC.window());
    }

    private Digest pushDaysLater(String tag, String layer) throws Exception {
        clock.advance(Duration.ofDays(1));
        return images.image(APP, tag, layer);
    }

    @Test
    void aPolicySetOnOneNode_isAppliedByAnother_keepingTheNewestImages_withTheirSignatures() throws Exception {
        Digest oldest = pushDaysLater("v1", "layer 1");
        Digest signature = images.referrer(APP, oldest, "signature of v1");
        Digest middle = pushDaysLater("v2", "layer 2");
        Digest newest = pushDaysLater("v3", "layer 3");
        Digest keptSignature = images.referrer(APP, newest, "signature of v3");
        lifecycle().policies().put(RepositoryPattern.of("team/**"), KEEP_TWO.getBytes(StandardCharsets.UTF_8));
        clock.advance(GC.window().plusMinutes(1));

        LifecycleReport preview = lifecycle().preview(APP, Optional.empty());
        assertEquals(List.of(oldest.toString()), preview.expired().stream().map(LifecycleReport.Expired::digest)
                .toList());
        assertEquals(List.of("v1"), preview.expired().getFirst().tags());
        assertTrue(preview.expired().getFirst().reason().startsWith("rule 1: number 3 by push time of 3"),
                preview.expired().getFirst().reason());
        assertTrue(storage.repositories().manifest(APP, oldest).isPresent(), "a preview changes nothing");

        LifecycleReport run = lifecycle().run(false);
        assertEquals(1, run.expired().size());
        assertTrue(storage.repositories().manifest(APP, oldest).isEmpty());
        assertTrue(storage.repositories().manifest(APP, signature).isEmpty(), "its signature goes with it");
        assertTrue(storage.repositories().resolveTag(APP, Tag.of("v1")).isEmpty());
        assertEquals(Set.of(middle, newest, keptSignature), Set.copyOf(storage.repositories().manifests(APP)));
    }

    @Test
    void anExpiredIndex_takesTheManifestsOnlyItLists() throws Exception {
        Digest amd64 = images.image(APP, null, "old amd64");
        Digest shared = images.image(APP, null, "shared arm64");
        images.index(APP, "old", amd64, shared);
        pushDaysLater("unrelated-1", "x");
        Digest current = images.index(APP, "current", images.image(APP, null, "new amd64"), shared);
        pushDaysLater("unrelated-2", "y");
        clock.advance(GC.window().plusMinutes(1));
        lifecycle().policies().put(RepositoryPattern.of("team/app"), ("{\"rules\":[{\"rulePriority\":1,"
                + "\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"old\"],\"countType\":"
                + "\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, lifecycle().run(false).expired().size());
        assertTrue(storage.repositories().manifest(APP, amd64).isEmpty());
        assertTrue(storage.repositories().manifest(APP, shared).isPresent(), "the current index lists it too");
        assertTrue(storage.repositories().manifest(APP, current).isPresent());
    }

    @Test
    void aDryRunDeletesNothing_andTheRunDeletesWhatItReported() throws Exception {
        pushDaysLater("v1", "layer 1");
        pushDaysLater("v2", "layer 2");
        Digest kept = pushDaysLater("v3", "layer 3");
        clock.advance(GC.window().plusMinutes(1));
        images.image(APP, "v4", "layer 4");
        lifecycle().policies().put(RepositoryPattern.of("**"), KEEP_TWO.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, lifecycle().run(true).expired().size());
        assertEquals(4, storage.repositories().manifests(APP).size());
        LifecycleReport run = lifecycle().run(false);
        assertEquals(Set.of("v1", "v2"), run.expired().stream().flatMap(expired -> expired.tags().stream())
                .collect(Collectors.toSet()));
        assertTrue(storage.repositories().manifest(APP, kept).isPresent());
    }
}
