package dev.berth.registry.gc;

import dev.berth.cache.blob.StoredBlob;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reclaims what nothing needs while the registry keeps serving: manifests that are orphaned signatures (or untagged,
 * when configured), then the blobs no kept manifest references, then idle upload sessions. Marking reads every
 * repository; content that anything touched within the window (see {@link GcSettings}) is spared, and every deletion
 * goes through the handshake with pushes ({@link Notices}, {@link PushFence}), so a push racing the sweep keeps what
 * it references or is refused, never left with a manifest whose content is gone. Several collections may run at once,
 * on one node or many; this node runs one at a time.
 */
public final class GarbageCollector {

    private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());
    private static final int PAGE = 1000;

    private final Storage storage;
    private final Clock clock;
    private final GcSettings settings;
    private final Duration uploadExpiry;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Optional<GcReport> last = Optional.empty();

    private final Consumer<GcReport> reports;

    public GarbageCollector(Storage storage, Clock clock, GcSettings settings, Duration uploadExpiry) {
        this(storage, clock, settings, uploadExpiry, report -> { });
    }

    /** A collector that tells {@code reports} of each collection (the metrics, the webhooks). */
    public GarbageCollector(Storage storage, Clock clock, GcSettings settings, Duration uploadExpiry,
                            Consumer<GcReport> reports) {
        this.storage = storage;
        this.clock = clock;
        this.settings = settings;
        this.uploadExpiry = uploadExpiry;
        this.reports = reports;
    }

    /** The report of the last collection this node ran, if any. */
    public Optional<GcReport> last() {
        return last;
    }

    /**
     * Collects now, unless this node is already collecting.
     *
     * @throws GcBusyException when a collection is running on this node
     */
    public GcReport collect(boolean dryRun) throws IOException {
        if (!running.tryLock()) {
            throw new GcBusyException();
        }
        try {
            GcReport report = new Run(dryRun).run();
            LOG.log(System.Logger.Level.INFO, "garbage collection: " + report.summary());
            if (!dryRun) {
                last = Optional.of(report);
                reports.accept(report);
            }
            return report;
        } finally {
            running.unlock();
        }
    }

    /** One collection, from start to report. */
    private final class Run {
        private final boolean dryRun;
        private final Instant started = clock.instant();
        private final Instant cutoff = started.minus(settings.window());
        private final Notices notices = new Notices(storage.marks(), clock, UUID.randomUUID().toString());
        private final RepositoryStore repositories = storage.repositories();
        private final Set<Digest> live = new HashSet<>();
        private final List<GcReport.ReclaimedManifest> manifests = new ArrayList<>();
        private final List<GcReport.RemovedTag> tags = new ArrayList<>();
        private final Set<Digest> deletedBlobs = new HashSet<>();
        private long bytes;
        private long spared;

        Run(boolean dryRun) {
            this.dryRun = dryRun;
        }

        GcReport run() throws IOException {
            List<RepositoryName> names = repositories.repositories();
            for (RepositoryName repository : names) {
                markAndReclaim(repository);
            }
            sweepBlobs();
            if (!dryRun && !deletedBlobs.isEmpty()) {
                for (RepositoryName repository : names) {
                    unlinkDeleted(repository);
                }
            }
            int uploads = dryRun ? 0 : storage.uploads().removeIdle(clock.instant().minus(uploadExpiry));
            return new GcReport(started, clock.instant(), dryRun, settings.window(), manifests, tags,
                    deletedBlobs.size(), bytes, spared, uploads);
        }

        private void markAndReclaim(RepositoryName repository) throws IOException {
            RepositoryContents contents = RepositoryContents.read(repositories, repository);
            Map<Digest, ManifestRecord> records = contents.records();
            Map<Tag, Digest> tagged = contents.tags();
            RepositoryPlan plan = RepositoryPlan.of(records, tagged, settings.deleteUntagged());
            plan.kept().forEach(digest -> keep(records.get(digest)));
            for (Map.Entry<Tag, Digest> orphan : plan.orphanTags().entrySet()) {
                removeOrphanTag(repository, orphan.getKey(), orphan.getValue(), tagged.get(orphan.getKey()));
            }
            for (Map.Entry<Digest, String> reclaimable : plan.reclaimable().entrySet()) {
                ManifestRecord record = records.get(reclaimable.getKey());
                if (!reclaim(repository, record, reclaimable.getValue())) {
                    keep(record);
                }
            }
        }

        private void keep(ManifestRecord record) {
            live.add(record.digest());
            live.addAll(record.blobs());
        }

        /** Removes a signature tag whose subject is gone, unless the subject is being pushed again. */
        private void removeOrphanTag(RepositoryName repository, Tag tag, Digest subject, Digest target)
                throws IOException {
            String reason = "the manifest it signs, " + subject + ", is gone";
            if (dryRun) {
                if (!notices.touchedSince(subject, cutoff)) {
                    tags.add(new GcReport.RemovedTag(repository.value(), tag.value(), reason));
                }
                return;
            }
            boolean removed = notices.deleteIfUntouched(List.of(subject, target), cutoff, () -> {
                if (repositories.manifestStored(repository, subject).isEmpty()
                        && repositories.resolveTag(repository, tag).filter(target::equals).isPresent()) {
                    repositories.deleteTag(repository, tag);
                }
            });
            if (removed) {
                tags.add(new GcReport.RemovedTag(repository.value(), tag.value(), reason));
            }
        }

        /** Reclaims a manifest unless it, or the subject it refers to, was touched within the window. */
        private boolean reclaim(RepositoryName repository, ManifestRecord record, String reason) throws IOException {
            if (!record.pushedAt().isBefore(cutoff)) {
                return false;
            }
            List<Digest> guarded = record.subject() == null ? List.of(record.digest())
                    : List.of(record.digest(), record.subject());
            boolean reclaimed;
            if (dryRun) {
                reclaimed = !notices.touchedSince(record.digest(), cutoff);
            } else {
                reclaimed = notices.deleteIfUntouched(guarded, cutoff,
                        () -> repositories.deleteManifest(repository, record.digest()));
            }
            if (reclaimed) {
                manifests.add(new GcReport.ReclaimedManifest(repository.value(), record.digest().toString(),
                        reason));
            }
            return reclaimed;
        }

        private void sweepBlobs() throws IOException {
            for (List<StoredBlob> page = storage.blobs().list(Optional.empty(), PAGE); !page.isEmpty();
                 page = storage.blobs().list(Optional.of(page.getLast().digest()), PAGE)) {
                for (StoredBlob blob : page) {
                    if (!live.contains(blob.digest())) {
                        sweep(blob);
                    }
                }
            }
        }

        private void sweep(StoredBlob blob) throws IOException {
            if (!blob.modified().isBefore(cutoff) || notices.touchedSince(blob.digest(), cutoff)) {
                spared++;
                return;
            }
            boolean deleted = dryRun || notices.deleteIfUntouched(List.of(blob.digest()), cutoff, () -> {
                storage.blobs().delete(blob.digest());
                storage.marks().forget(blob.digest());
            });
            if (deleted) {
                deletedBlobs.add(blob.digest());
                bytes += blob.size();
            } else {
                spared++;
            }
        }

        private void unlinkDeleted(RepositoryName repository) throws IOException {
            for (Digest linked : repositories.blobLinks(repository)) {
                if (deletedBlobs.contains(linked)) {
                    repositories.unlinkBlob(repository, linked);
                }
            }
        }
    }
}
