package dev.berth.cache.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every repository store does, whatever keeps the records: each backend's test extends this with its own store,
 * and with a second store over the same data (a restart, or another node).
 */
public abstract class RepositoryStoreContract {

    protected static final RepositoryName REPO = RepositoryName.of("team/app");

    protected RepositoryStore store;

    /** A fresh, empty store. */
    protected abstract RepositoryStore open() throws Exception;

    /** Another store over the same data as the last one {@link #open()} made. */
    protected abstract RepositoryStore reopen() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @Test
    void tag_pointsAtTheLatestManifestPushedUnderIt() throws IOException {
        Digest first = digest("one");
        Digest second = digest("two");
        store.tag(REPO, Tag.of("v1"), first);
        store.tag(REPO, Tag.of("v1"), second);
        assertEquals(Optional.of(second), store.resolveTag(REPO, Tag.of("v1")));
    }

    @Test
    void tags_areListedInLexicalOrder() throws IOException {
        for (String tag : List.of("b", "a", "C", "10", "9")) {
            store.tag(REPO, Tag.of(tag), digest(tag));
        }
        assertEquals(List.of("10", "9", "C", "a", "b"), store.tags(REPO).stream().map(Tag::value).toList());
    }

    @Test
    void tags_ofARepositoryWithoutAny_areNone() throws IOException {
        assertEquals(List.of(), store.tags(REPO));
    }

    @Test
    void deleteManifest_removesItsTagsAndReferrerEntry() throws IOException {
        Digest subject = digest("subject");
        ManifestRecord referrer = record("sbom", subject);
        store.putManifest(REPO, referrer);
        store.tag(REPO, Tag.of("sbom"), referrer.digest());
        assertEquals(List.of(referrer.digest()), store.referrers(REPO, subject).stream()
                .map(ManifestRecord::digest).toList());
        assertTrue(store.deleteManifest(REPO, referrer.digest()));
        assertTrue(store.resolveTag(REPO, Tag.of("sbom")).isEmpty());
        assertTrue(store.referrers(REPO, subject).isEmpty());
        assertTrue(store.manifest(REPO, referrer.digest()).isEmpty());
        assertFalse(store.deleteManifest(REPO, referrer.digest()));
    }

    @Test
    void manifestsAndBlobLinks_areListed_andForgottenWhenRemoved() throws IOException {
        ManifestRecord first = record("first", null);
        ManifestRecord second = record("second", null);
        store.putManifest(REPO, first);
        store.putManifest(REPO, second);
        Digest layer = digest("layer");
        store.linkBlob(REPO, layer);
        assertEquals(Set.of(first.digest(), second.digest()), Set.copyOf(store.manifests(REPO)));
        assertTrue(store.blobLinks(REPO).contains(layer));
        store.deleteManifest(REPO, first.digest());
        store.unlinkBlob(REPO, layer);
        assertEquals(List.of(second.digest()), store.manifests(REPO));
        assertFalse(store.blobLinks(REPO).contains(layer));
        assertEquals(List.of(), store.manifests(RepositoryName.of("team/none")));
    }

    @Test
    void aRecordedPull_isRead_andGoesWithItsManifest() throws IOException {
        ManifestRecord image = record("pulled", null);
        store.putManifest(REPO, image);
        assertEquals(Optional.empty(), store.lastPulled(REPO, image.digest()));
        Instant noon = Instant.parse("2026-11-29T12:00:00Z");
        store.recordPull(REPO, image.digest(), noon);
        assertEquals(Optional.of(noon), store.lastPulled(REPO, image.digest()));
        store.deleteManifest(REPO, image.digest());
        assertEquals(Optional.empty(), store.lastPulled(REPO, image.digest()));
    }

    @Test
    void manifestRecord_roundTripsThroughTheStore() throws Exception {
        ManifestRecord record = record("image", null);
        store.putManifest(REPO, record);
        RepositoryStore reopened = reopen();
        assertEquals(record, reopened.manifest(REPO, record.digest()).orElseThrow());
    }

    @Test
    void repositories_listsNestedNamesAndNamesWithUnderscores() throws IOException {
        store.linkBlob(RepositoryName.of("a"), digest("x"));
        store.linkBlob(RepositoryName.of("a/b_c"), digest("y"));
        store.linkBlob(RepositoryName.of("z/y/x"), digest("z"));
        assertEquals(List.of("a", "a/b_c", "z/y/x"), store.repositories().stream()
                .map(RepositoryName::value).toList());
    }

    @Test
    void repositories_areInLexicalOrder_andPagedFromAnyName() throws IOException {
        for (String name : List.of("a_e", "a/b", "a.d", "a-c", "a", "a/b/c")) {
            store.linkBlob(RepositoryName.of(name), digest(name));
        }
        assertEquals(List.of("a", "a-c", "a.d", "a/b", "a/b/c", "a_e"), store.repositories().stream()
                .map(RepositoryName::value).toList());
        assertEquals(List.of("a.d", "a/b"), store.repositories(Optional.of("a-c"), 2).stream()
                .map(RepositoryName::value).toList());
        assertEquals(List.of("a_e"), store.repositories(Optional.of("a/b/c"), 2).stream()
                .map(RepositoryName::value).toList());
    }

    @Test
    void tags_arePagedFromAnyTag() throws IOException {
        for (String tag : List.of("v1", "v2", "v3", "latest")) {
            store.tag(REPO, Tag.of(tag), digest(tag));
        }
        assertEquals(List.of("v1", "v2"), store.tags(REPO, Optional.of("latest"), 2).stream().map(Tag::value)
                .toList());
        assertEquals(List.of(), store.tags(REPO, Optional.of("v3"), 2));
    }

    @Test
    void blobLinks_areKeptPerRepository() throws IOException {
        Digest blob = digest("blob");
        store.linkBlob(REPO, blob);
        assertTrue(store.hasBlob(REPO, blob));
        assertFalse(store.hasBlob(RepositoryName.of("other"), blob));
        assertTrue(store.unlinkBlob(REPO, blob));
        assertFalse(store.hasBlob(REPO, blob));
    }

    @Test
    void deleteRepository_removesItsRecords_keepsRepositoriesNestedUnderIt_andRemembersWhen() throws Exception {
        RepositoryName nested = RepositoryName.of("team/app/web");
        store.tag(REPO, Tag.of("v1"), digest("v1"));
        store.linkBlob(REPO, digest("layer"));
        store.tag(nested, Tag.of("v1"), digest("v1"));
        assertEquals(Optional.empty(), store.deletedAt(REPO));

        Instant before = Instant.now();
        assertTrue(store.deleteRepository(REPO));
        assertFalse(store.exists(REPO));
        assertFalse(store.hasBlob(REPO, digest("layer")));
        assertEquals(List.of(nested), store.repositories());
        assertEquals(List.of(Tag.of("v1")), store.tags(nested));
        Instant deleted = store.deletedAt(REPO).orElseThrow();
        assertFalse(deleted.isBefore(before));
        assertFalse(store.deleteRepository(REPO));

        store.tag(REPO, Tag.of("v2"), digest("v2"));
        assertTrue(store.exists(REPO));
        assertEquals(Optional.of(deleted), reopen().deletedAt(REPO),
                "the deletion is remembered across restarts, and past recreation");
    }

    protected static ManifestRecord record(String seed, Digest subject) {
        return new ManifestRecord(digest(seed), "application/vnd.oci.image.manifest.v1+json", 123,
                Instant.parse("2026-01-02T03:04:05Z"), List.of(digest(seed + "-config")), List.of(), subject,
                "application/vnd.example", Map.of("k", "v"));
    }

    protected static Digest digest(String seed) {
        return Digest.sha256(seed.getBytes());
    }
}
