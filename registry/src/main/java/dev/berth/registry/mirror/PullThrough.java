package dev.berth.registry.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.cache.upload.UploadSession;
import dev.berth.client.RegistryClient;
import dev.berth.client.RemoteRepository;
import dev.berth.client.StreamedBlob;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.oci.manifest.RawManifest;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.gc.PushFence;
import dev.berth.registry.http.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pull-through cache: repositories under a {@link Mirror}'s prefix are filled from its upstream on first pull.
 * A manifest by digest is fetched once; by tag, again after the mirror's TTL (a HEAD first, so an unchanged tag costs
 * no download); when the upstream cannot be reached, what is cached is served. A blob is streamed to the first client
 * while it is stored, and concurrent first pulls of it fetch it once (the others wait, then read the stored copy).
 */
public final class PullThrough {

    private static final System.Logger LOG = System.getLogger(PullThrough.class.getName());

    /** What became of a blob asked for. */
    public enum BlobResult { STREAMED, STORED, ABSENT }

    /** Where a streamed blob goes: the response, its headers set for the length when known. */
    @FunctionalInterface
    public interface BlobSink {
        OutputStream open(OptionalLong length) throws IOException;
    }

    private record Checked(RepositoryName repository, Tag tag) {
    }

    private final Storage storage;
    private final Clock clock;
    private final List<Mirror> mirrors;
    private final PushFence fence;
    private final Map<String, RegistryClient> clients;
    private final ManifestParser parser = new ManifestParser();
    private final Cache<Checked, Instant> checked = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Map<Digest, CompletableFuture<Void>> fetching = new ConcurrentHashMap<>();

    public PullThrough(Storage storage, Clock clock, List<Mirror> mirrors, PushFence fence) {
        this(storage, clock, mirrors, fence, mirror -> new RegistryClient(mirror.login()
                .map(login -> Credentials.of(mirror.upstream(), login)).orElse(Credentials.none()), Set.of(),
                Map.of()));
    }

    PullThrough(Storage storage, Clock clock, List<Mirror> mirrors, PushFence fence,
                Function<Mirror, RegistryClient> clients) {
        this.storage = storage;
        this.clock = clock;
        this.mirrors = List.copyOf(mirrors);
        this.fence = fence;
        this.clients = this.mirrors.stream().collect(Collectors.toMap(Mirror::prefix, clients));
    }

    /** The mirror a repository is under, if any. */
    public Optional<Mirror> mirrorOf(RepositoryName repository) {
        return mirrors.stream().filter(mirror -> mirror.covers(repository)).findFirst();
    }

    /**
     * Makes sure the manifest a tag or digest names is here, as fresh as the mirror's TTL asks, when the upstream has
     * it; the caller then answers from the storage as for any repository.
     *
     * @throws RegistryException 503 when the upstream cannot be reached and nothing is cached
     */
    public void manifest(RepositoryName repository, Tag tag, Digest digest) throws IOException, RegistryException {
        Mirror mirror = mirrorOf(repository).orElseThrow();
        RemoteRepository upstream = upstream(mirror, repository);
        if (digest != null) {
            if (storage.repositories().manifest(repository, digest).isEmpty()) {
                Optional<RawManifest> raw;
                try {
                    raw = upstream.manifest(digest.toString());
                } catch (IOException e) {
                    throw unreachable(mirror, e);
                }
                if (raw.isPresent()) {
                    store(mirror, repository, raw.get());
                }
            }
            return;
        }
        Optional<Digest> local = storage.repositories().resolveTag(repository, tag);
        Instant last = checked.getIfPresent(new Checked(repository, tag));
        if (local.isPresent() && last != null && last.isAfter(clock.instant().minus(mirror.tagTtl()))) {
            return;
        }
        try {
            Optional<Descriptor> now = upstream.describe(tag.value());
            if (now.isEmpty()) {
                return;
            }
            if (storage.repositories().manifest(repository, now.get().digest()).isEmpty()) {
                Optional<RawManifest> raw = upstream.manifest(now.get().digest().toString());
                if (raw.isEmpty()) {
                    return;
                }
                store(mirror, repository, raw.get());
            }
            storage.repositories().tag(repository, tag, now.get().digest());
            checked.put(new Checked(repository, tag), clock.instant());
        } catch (IOException e) {
            if (local.isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "serving " + repository + ":" + tag + " from the cache: "
                        + "its upstream " + mirror.upstream() + " cannot be reached (" + e.getMessage() + ")");
                return;
            }
            throw unreachable(mirror, e);
        }
    }

    /**
     * Fetches a blob the repository does not have yet from the upstream, streaming it to {@code sink} while it is
     * stored; if another request is fetching it already, waits for that and answers {@code STORED}.
     */
    public BlobResult blob(RepositoryName repository, Digest digest, BlobSink sink)
            throws IOException, RegistryException {
        Mirror mirror = mirrorOf(repository).orElseThrow();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = fetching.putIfAbsent(digest, mine);
        if (running != null) {
            awaitOther(running, mirror, digest);
            storage.repositories().linkBlob(repository, digest);
            return BlobResult.STORED;
        }
        try {
            if (storage.blobs().statStored(digest).isPresent()) {
                storage.repositories().linkBlob(repository, digest);
                mine.complete(null);
                return BlobResult.STORED;
            }
            Optional<StreamedBlob> blob;
            try {
                blob = upstream(mirror, repository).openBlob(digest);
            } catch (IOException e) {
                throw unreachable(mirror, e);
            }
            if (blob.isEmpty()) {
                mine.complete(null);
                return BlobResult.ABSENT;
            }
            PushFence.Hold hold = fence.hold(List.of(digest));
            UploadSession session = storage.uploads().start(repository);
            try (InputStream content = blob.get().content(); OutputStream client = sink.open(blob.get().length())) {
                storage.uploads().complete(session.id(), digest, new TeeInputStream(content, client));
            }
            hold.refreshIfLate();
            storage.repositories().linkBlob(repository, digest);
            mine.complete(null);
            return BlobResult.STREAMED;
        } catch (IOException | RegistryException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.remove(digest, mine);
        }
    }

    private void awaitOther(CompletableFuture<Void> running, Mirror mirror, Digest digest)
            throws IOException, RegistryException {
        try {
            running.get(30, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + digest);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(mirror, new IOException("fetching " + digest + " failed: " + e.getMessage(), e));
        }
    }

    /** Stores a manifest the upstream sent (its digest already checked), without its content, which follows. */
    private void store(Mirror mirror, RepositoryName repository, RawManifest raw)
            throws IOException, RegistryException {
        ParsedManifest parsed;
        try {
            parsed = parser.parse(raw.bytes(), raw.mediaType(), raw.digest().algorithm());
        } catch (InvalidManifestException e) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, mirror.upstream() + " sent a manifest for "
                    + mirror.upstreamRepository(repository) + " that Berth cannot read: " + e.getMessage());
        }
        fence.hold(List.of(raw.digest()));
        storage.blobs().put(raw.digest(), raw.bytes());
        storage.repositories().putManifest(repository, ManifestRecord.of(parsed.raw(), parsed.manifest(),
                clock.instant()));
    }

    private RemoteRepository upstream(Mirror mirror, RepositoryName repository) throws IOException {
        return clients.get(mirror.prefix()).repository(Reference.parse(mirror.upstream() + "/"
                + mirror.upstreamRepository(repository)));
    }

    private static RegistryException unreachable(Mirror mirror, IOException e) {
        return RegistryException.of(ErrorCode.UNAVAILABLE, "the upstream of " + mirror.prefix() + "/, "
                + mirror.upstream() + ", cannot be reached and nothing is cached for this: " + e.getMessage())
                .withHeader("Retry-After", "5");
    }
}
