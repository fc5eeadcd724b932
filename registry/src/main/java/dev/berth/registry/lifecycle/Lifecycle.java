package dev.berth.registry.lifecycle;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.gc.Notices;
import dev.berth.registry.gc.RepositoryContents;
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
import java.util.function.Consumer;

/**
 * Applies the lifecycle policies: for each repository a policy covers, its images (manifests no index lists and that
 * refer to nothing, with their tags, push and last pull times) go through the {@link LifecycleEvaluator}, and what it
 * expires is deleted with the manifests only it lists and its referrers (its signatures and attestations); garbage
 * collection then reclaims their blobs. An image pushed or tagged within garbage collection's window, or while the
 * run decides, is spared: deletions go through the same handshake with pushes as garbage collection's
 * ({@link Notices}).
 */
public final class Lifecycle {

    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private final Storage storage;
    private final Clock clock;
    private final LifecyclePolicies policies;
    private final Duration window;
    private final Consumer<LifecycleReport> reports;
    private final LifecycleEvaluator evaluator = new LifecycleEvaluator();

    /**
     * Policies applied to the storage; {@code window} is garbage collection's ({@code GcSettings.window()}): an image
     * pushed or tagged within it is spared, since a push that finds its content recently used does not touch it again.
     */
    public Lifecycle(Storage storage, Clock clock, LifecyclePolicies policies, Duration window) {
        this(storage, clock, policies, window, report -> { });
    }

    /** Policies applied as above, telling {@code reports} of each run that is not a dry run. */
    public Lifecycle(Storage storage, Clock clock, LifecyclePolicies policies, Duration window,
                     Consumer<LifecycleReport> reports) {
        this.storage = storage;
        this.clock = clock;
        this.policies = policies;
        this.window = window;
        this.reports = reports;
    }

    public LifecyclePolicies policies() {
        return policies;
    }

    /** Applies every policy to the repositories it covers; a dry run reports and deletes nothing. */
    public LifecycleReport run(boolean dryRun) throws IOException {
        Instant started = clock.instant();
        List<LifecyclePolicies.Assigned> all = policies.all();
        List<LifecycleReport.Expired> expired = new ArrayList<>();
        if (!all.isEmpty()) {
            Notices notices = new Notices(storage.marks(), clock, "lifecycle-" + UUID.randomUUID());
            RepositoryStore repositories = storage.repositories();
            for (RepositoryName repository : repositories.repositories()) {
                Optional<LifecyclePolicies.Assigned> policy = LifecyclePolicies.forRepository(repository, all);
                if (policy.isPresent()) {
                    expired.addAll(apply(repository, policy.get().policy(), dryRun ? null : notices, started));
                }
            }
        }
        LifecycleReport report = new LifecycleReport(started, clock.instant(), dryRun, expired);
        if (!dryRun) {
            reports.accept(report);
            if (!expired.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "lifecycle policies expired " + expired.size() + " image(s)");
            }
        }
        return report;
    }

    /** What the policy (or the one that applies to the repository) would expire from it now; deletes nothing. */
    public LifecycleReport preview(RepositoryName repository, Optional<LifecyclePolicy> policy) throws IOException {
        Instant started = clock.instant();
        Optional<LifecyclePolicy> applied = policy.isPresent() ? policy
                : policies.forRepository(repository).map(LifecyclePolicies.Assigned::policy);
        List<LifecycleReport.Expired> expired = applied.isEmpty() ? List.of()
                : apply(repository, applied.get(), null, started);
        return new LifecycleReport(started, clock.instant(), true, expired);
    }

    /** Evaluates the policy on the repository and, given notices, deletes what it expires. */
    private List<LifecycleReport.Expired> apply(RepositoryName repository, LifecyclePolicy policy, Notices notices,
                                                Instant started) throws IOException {
        RepositoryStore repositories = storage.repositories();
        RepositoryContents contents = RepositoryContents.read(repositories, repository);
        Map<Digest, ManifestRecord> records = contents.records();
        Map<Digest, List<Tag>> tags = contents.tagsByManifest();
        Set<Digest> listed = new HashSet<>();
        records.values().forEach(record -> listed.addAll(record.children()));
        List<LifecycleImage> images = new ArrayList<>();
        for (ManifestRecord record : records.values()) {
            if (record.subject() == null && !listed.contains(record.digest())) {
                images.add(new LifecycleImage(record.digest(), tags.getOrDefault(record.digest(), List.of()),
                        record.pushedAt(), repositories.lastPulled(repository, record.digest())));
            }
        }
        List<LifecycleReport.Expired> expired = new ArrayList<>();
        for (LifecycleEvaluator.Expiry expiry : evaluator.evaluate(policy, images, started)) {
            LifecycleImage image = expiry.image();
            if (notices == null || expire(repository, image.digest(), records, tags.keySet(), notices, started)) {
                expired.add(new LifecycleReport.Expired(repository.value(), image.digest().toString(),
                        image.tags().stream().map(Tag::value).toList(), expiry.reason()));
            }
        }
        return expired;
    }

    /** Deletes the image with what belongs to it alone, unless something touched any of it since the run began. */
    private boolean expire(RepositoryName repository, Digest image, Map<Digest, ManifestRecord> records,
                           Set<Digest> tagged, Notices notices, Instant started) throws IOException {
        List<Digest> doomed = new ArrayList<>(List.of(image));
        doomed.addAll(records.get(image).children().stream().filter(child -> !tagged.contains(child)
                && records.values().stream().noneMatch(other -> !other.digest().equals(image)
                && other.children().contains(child))).toList());
        for (int i = 0; i < doomed.size(); i++) {
            Digest subject = doomed.get(i);
            records.values().stream().filter(record -> subject.equals(record.subject()))
                    .map(ManifestRecord::digest).filter(referrer -> !doomed.contains(referrer)).forEach(doomed::add);
        }
        return notices.deleteIfUntouched(doomed, started.minus(window), () -> {
            for (Digest digest : doomed) {
                storage.repositories().deleteManifest(repository, digest);
            }
        });
    }
}
