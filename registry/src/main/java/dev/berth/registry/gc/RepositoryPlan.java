package dev.berth.registry.gc;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.signature.SignatureTags;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one repository keeps and what garbage collection may reclaim from it, worked out from its manifest records and
 * tags alone. Kept are the manifests a tag reaches, the manifests their indexes list, and the referrers (signatures,
 * attestations) of kept manifests, recursively; and, unless untagged manifests are reclaimed, every other manifest
 * but orphans. Orphans are referrers whose subject is not in the repository, and the manifests only cosign's
 * {@code sha256-<hex>.sig} style tags reach when {@code sha256:<hex>} is not in the repository.
 *
 * @param orphanTags  signature tags whose subject is gone, with that subject
 * @param reclaimable manifests to reclaim, with why
 */
public record RepositoryPlan(Set<Digest> kept, Map<Tag, Digest> orphanTags, Map<Digest, String> reclaimable) {

    /** The plan for a repository holding these records and tags. */
    public static RepositoryPlan of(Map<Digest, ManifestRecord> records, Map<Tag, Digest> tags,
                                    boolean deleteUntagged) {
        Map<Digest, List<Digest>> referrers = new HashMap<>();
        records.values().stream().filter(record -> record.subject() != null).forEach(record -> referrers
                .computeIfAbsent(record.subject(), subject -> new java.util.ArrayList<>()).add(record.digest()));
        Map<Tag, Digest> orphanTags = new LinkedHashMap<>();
        Set<Digest> roots = new HashSet<>();
        tags.forEach((tag, digest) -> {
            Optional<Digest> signed = SignatureTags.subject(tag.value());
            if (signed.isPresent() && !records.containsKey(signed.get())) {
                orphanTags.put(tag, signed.get());
            } else {
                roots.add(digest);
            }
        });
        if (!deleteUntagged) {
            records.values().stream().filter(record -> record.subject() == null).map(ManifestRecord::digest)
                    .filter(digest -> !taggedOnlyAsOrphan(digest, tags, orphanTags)).forEach(roots::add);
        }
        Set<Digest> kept = reach(roots, records, referrers);
        Map<Digest, String> reclaimable = new LinkedHashMap<>();
        for (ManifestRecord record : records.values()) {
            if (!kept.contains(record.digest())) {
                reclaimable.put(record.digest(), reason(record, records, tags, orphanTags));
            }
        }
        return new RepositoryPlan(Set.copyOf(kept), Map.copyOf(orphanTags), Map.copyOf(reclaimable));
    }

    private static Set<Digest> reach(Set<Digest> roots, Map<Digest, ManifestRecord> records,
                                     Map<Digest, List<Digest>> referrers) {
        Set<Digest> kept = new HashSet<>();
        Deque<Digest> next = new ArrayDeque<>(roots);
        while (!next.isEmpty()) {
            Digest digest = next.pop();
            ManifestRecord record = records.get(digest);
            if (record == null || !kept.add(digest)) {
                continue;
            }
            next.addAll(record.children());
            next.addAll(referrers.getOrDefault(digest, List.of()));
        }
        return kept;
    }

    private static boolean taggedOnlyAsOrphan(Digest digest, Map<Tag, Digest> tags, Map<Tag, Digest> orphanTags) {
        boolean tagged = false;
        for (Map.Entry<Tag, Digest> tag : tags.entrySet()) {
            if (tag.getValue().equals(digest)) {
                if (!orphanTags.containsKey(tag.getKey())) {
                    return false;
                }
                tagged = true;
            }
        }
        return tagged;
    }

    private static String reason(ManifestRecord record, Map<Digest, ManifestRecord> records, Map<Tag, Digest> tags,
                                 Map<Tag, Digest> orphanTags) {
        if (record.subject() != null && !records.containsKey(record.subject())) {
            return "its subject " + record.subject() + " is gone";
        }
        for (Map.Entry<Tag, Digest> orphan : orphanTags.entrySet()) {
            if (tags.get(orphan.getKey()).equals(record.digest())) {
                return "it is the signature tag " + orphan.getKey() + " of " + orphan.getValue() + ", which is gone";
            }
        }
        return record.subject() != null ? "its subject " + record.subject() + " is reclaimed" : "no tag reaches it";
    }
}
