package dev.berth.registry.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a repository keeps, from its records and tags alone. */
class RepositoryPlanTest {

    private final Map<Digest, ManifestRecord> records = new HashMap<>();
    private final Map<Tag, Digest> tags = new HashMap<>();

    private Digest record(String name, Digest subject, Digest... children) {
        Digest digest = Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
        records.put(digest, new ManifestRecord(digest, "application/vnd.oci.image.manifest.v1+json", 10,
                Instant.EPOCH, List.of(), List.of(children), subject, null, Map.of()));
        return digest;
    }

    @Test
    void withUntaggedManifestsKept_onlyOrphansAreReclaimable() {
        Digest tagged = record("tagged", null);
        Digest untagged = record("untagged", null);
        Digest signature = record("signature", tagged);
        Digest orphan = record("orphan", Digest.sha256("gone".getBytes(StandardCharsets.UTF_8)));
        Digest orphansSignature = record("signature of the orphan", orphan);
        tags.put(Tag.of("v1"), tagged);
        RepositoryPlan plan = RepositoryPlan.of(records, tags, false);
        assertEquals(Set.of(tagged, untagged, signature), plan.kept());
        assertEquals(Set.of(orphan, orphansSignature), plan.reclaimable().keySet());
        assertEquals("its subject " + orphan + " is reclaimed", plan.reclaimable().get(orphansSignature));
    }

    @Test
    void withUntaggedManifestsReclaimed_whatNoTagReaches_goes() {
        Digest child = record("child", null);
        Digest index = record("index", null, child);
        Digest attestation = record("attestation", child);
        Digest untagged = record("untagged", null);
        Digest untaggedsSignature = record("signature of the untagged", untagged);
        tags.put(Tag.of("v1"), index);
        RepositoryPlan plan = RepositoryPlan.of(records, tags, true);
        assertEquals(Set.of(index, child, attestation), plan.kept());
        assertEquals(Set.of(untagged, untaggedsSignature), plan.reclaimable().keySet());
    }

    @Test
    void aCosignTagWhoseImageIsGone_isAnOrphan_butOneWhoseImageIsThere_keepsItsManifest() {
        Digest image = record("image", null);
        Digest signature = record("cosign signature", null);
        Digest gone = Digest.sha256("gone".getBytes(StandardCharsets.UTF_8));
        Digest orphanSignature = record("orphan cosign signature", null);
        tags.put(Tag.of("sha256-" + image.hex() + ".sig"), signature);
        tags.put(Tag.of("sha256-" + gone.hex() + ".sig"), orphanSignature);
        RepositoryPlan plan = RepositoryPlan.of(records, tags, false);
        assertEquals(Map.of(Tag.of("sha256-" + gone.hex() + ".sig"), gone), plan.orphanTags());
        assertEquals(Set.of(orphanSignature), plan.reclaimable().keySet());
        assertEquals(Set.of(image, signature), plan.kept());
    }
}
