package dev.berth.registry.manifest;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.events.RequestEvents;
import dev.berth.registry.http.AccessCheck;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryHeaders;
import dev.berth.registry.http.Requests;
import dev.berth.registry.lifecycle.PullRecorder;
import dev.berth.registry.mirror.PullThrough;
import dev.berth.registry.signature.PushSigning;
import dev.berth.registry.signature.SignatureEnforcement;
import dev.berth.registry.tag.ImmutableTags;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/** Pulling, pushing and deleting manifests: {@code /v2/<name>/manifests/<reference>}, by tag or digest. */
public final class ManifestService implements HttpService {

    private final Storage storage;
    private final ManifestPush push;
    private final ImmutableTags immutable;
    private final PullRecorder pulls;
    private final RequestEvents events;
    private final PullThrough pullThrough;
    /** Held while an immutable tag is checked and written, so two pushes of it cannot both find it free. */
    private final Lock[] tagLocks = Stream.generate(ReentrantLock::new).limit(64).toArray(Lock[]::new);
    private final Optional<SignatureEnforcement> signatures;
    private final Optional<PushSigning> signing;
    private final ManifestDeletion deletion;

    /**
     * Manifests, with the registry's signature policy enforced on pulls when there is one, and pushes signed when
     * rules say so.
     */
    public ManifestService(Storage storage, ManifestPush push, ImmutableTags immutable, PullRecorder pulls,
                           RequestEvents events, PullThrough pullThrough, Optional<SignatureEnforcement> signatures,
                           Optional<PushSigning> signing, ManifestDeletion deletion) {
        this.deletion = deletion;
        this.storage = storage;
        this.pullThrough = pullThrough;
        this.events = events;
        this.pulls = pulls;
        this.push = push;
        this.immutable = immutable;
        this.signatures = signatures;
        this.signing = signing;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/{name:.+}/manifests/{reference}", (req, res) -> pull(req, res, true))
                .head("/v2/{name:.+}/manifests/{reference}", (req, res) -> pull(req, res, false))
                .put("/v2/{name:.+}/manifests/{reference}", this::put)
                .delete("/v2/{name:.+}/manifests/{reference}", this::delete);
    }

    private void pull(ServerRequest request, ServerResponse response, boolean withBody)
            throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        ManifestReference reference = forPull(request.path().pathParameters().get("reference"));
        if (pullThrough.mirrorOf(repository).isPresent()) {
            pullThrough.manifest(repository, reference.tag(), reference.digest());
        }
        Digest digest = resolve(repository, reference);
        Optional<ManifestRecord> found = storage.repositories().manifest(repository, digest);
        if (found.isEmpty()) {
            throw unknown(repository, reference);
        }
        ManifestRecord record = found.get();
        if (!AcceptedTypes.of(request.headers().all(HeaderNames.ACCEPT, List::of)).accepts(
                record.mediaType())) {
            throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is "
                    + record.mediaType() + ", which the request's Accept header does not include");
        }
        if (withBody && signatures.isPresent()) {
            signatures.get().admit(repository, reference.tag(), digest, record.mediaType(), record.subject() != null,
                    () -> bytes(digest));
        }
        response.header(HeaderNames.CONTENT_TYPE, record.mediaType());
        response.header(RegistryHeaders.CONTENT_DIGEST, digest.toString());
        response.header(HeaderNames.ETAG, "\"" + digest + "\"");
        response.header(HeaderNames.CONTENT_LENGTH, Long.toString(record.size()));
        if (withBody) {
            response.send(bytes(digest));
            pulls.pulled(repository, digest);
        } else {
            response.send();
        }
    }

    private void put(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        ManifestReference reference = ManifestReference.parse(request.path().pathParameters().get("reference"));
        byte[] body = ManifestPush.readBounded(request);
        Tag tag = reference.tag();
        boolean fixed = tag != null && immutable.isImmutable(repository, tag);
        Lock lock = fixed ? tagLocks[Math.floorMod((repository + ":" + tag).hashCode(), tagLocks.length)] : null;
        if (fixed) {
            lock.lock();
        }
        ManifestRecord record;
        Optional<Digest> previous = Optional.empty();
        try {
            if (fixed) {
                requireUnmoved(repository, tag, Digest.sha256(body));
            }
            record = push.store(repository, body, request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                    reference.digest());
            if (tag != null) {
                previous = storage.repositories().resolveTag(repository, tag);
                storage.repositories().tag(repository, tag, record.digest());
            }
        } finally {
            if (fixed) {
                lock.unlock();
            }
        }
        events.pushed(request, repository, record, tag, previous);
        signaturesChanged(repository, record.subject(), reference.tag());
        if (signing.isPresent() && signing.get().pushed(repository, record, reference.tag())) {
            signaturesChanged(repository, record.digest(), null);
        }
        response.status(Status.CREATED_201);
        response.header(HeaderNames.LOCATION, "/v2/" + repository + "/manifests/" + record.digest());
        response.header(RegistryHeaders.CONTENT_DIGEST, record.digest().toString());
        if (record.subject() != null) {
            response.header(RegistryHeaders.OCI_SUBJECT, record.subject().toString());
        }
        response.header(HeaderNames.CONTENT_LENGTH, "0");
        response.send();
    }

    private void delete(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        ManifestReference reference = ManifestReference.parse(request.path().pathParameters().get("reference"));
        deletion.delete(request, RequestEvents.actor(request), repository, reference,
                AccessCheck.administers(request, repository));
        response.status(Status.ACCEPTED_202);
        response.header(HeaderNames.CONTENT_LENGTH, "0");
        response.send();
    }

    /**
     * Refuses to move an immutable tag to another manifest (pushing the manifest it names again is fine). A tag is
     * pushed with its manifest's SHA-256 digest, which is what it will point at.
     */
    private void requireUnmoved(RepositoryName repository, Tag tag, Digest pushed)
            throws RegistryException, IOException {
        Optional<Digest> current = storage.repositories().resolveTag(repository, tag);
        if (current.isPresent() && !current.get().equals(pushed)) {
            throw RegistryException.of(ErrorCode.TAG_INVALID, "tag " + tag + " of " + repository + " is immutable "
                    + "and points at " + current.get() + "; push under a new tag");
        }
    }

    /** Forgets verdicts on the manifest a pushed signature (a referrer, or a cosign tag) is for. */
    private void signaturesChanged(RepositoryName repository, Digest subject, Tag tag) {
        signatures.ifPresent(enforcement -> enforcement.changed(repository, subject, tag));
    }

    /** A manifest no malformed tag can name does not exist: 404 MANIFEST_UNKNOWN, as Distribution and Zot answer. */
    private static ManifestReference forPull(String text) throws RegistryException {
        try {
            return ManifestReference.parse(text);
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.TAG_INVALID) {
                throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no manifest is tagged '" + text
                        + "': that is not a valid tag");
            }
            throw e;
        }
    }

    private Digest resolve(RepositoryName repository, ManifestReference reference)
            throws RegistryException, IOException {
        if (reference.digest() != null) {
            return reference.digest();
        }
        Optional<Digest> tagged = storage.repositories().resolveTag(repository, reference.tag());
        if (tagged.isEmpty()) {
            throw unknown(repository, reference);
        }
        return tagged.get();
    }

    private byte[] bytes(Digest digest) throws IOException {
        return storage.blobs().readAll(digest);
    }

    private RegistryException unknown(RepositoryName repository, ManifestReference reference) throws IOException {
        return unknown(storage, repository, reference);
    }

    static RegistryException unknown(Storage storage, RepositoryName repository, ManifestReference reference)
            throws IOException {
        if (!storage.repositories().exists(repository)) {
            return RegistryException.of(ErrorCode.NAME_UNKNOWN, "repository " + repository + " does not exist");
        }
        return RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is not in " + repository);
    }
}
