package dev.berth.registry.upload;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.storage.Storage;
import dev.berth.cache.upload.UploadNotFoundException;
import dev.berth.cache.upload.UploadOffsetException;
import dev.berth.cache.upload.UploadSession;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.gc.PushFence;
import dev.berth.registry.http.AccessCheck;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryHeaders;
import dev.berth.registry.http.Requests;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pushing blobs: {@code /v2/<name>/blobs/uploads/}, monolithic (POST with digest, or POST then PUT), chunked (PATCH
 * with Content-Range), upload status, cancellation, and cross-repository mounts.
 */
public final class UploadService implements HttpService {

    private final Storage storage;
    private final PushFence fence;

    public UploadService(Storage storage, PushFence fence) {
        this.storage = storage;
        this.fence = fence;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v2/{name:.+}/blobs/uploads/", this::start)
                .post("/v2/{name:.+}/blobs/uploads", this::start)
                .patch("/v2/{name:.+}/blobs/uploads/{uuid}", this::append)
                .put("/v2/{name:.+}/blobs/uploads/{uuid}", this::complete)
                .get("/v2/{name:.+}/blobs/uploads/{uuid}", this::status)
                .delete("/v2/{name:.+}/blobs/uploads/{uuid}", this::cancel);
    }

    private void start(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        Optional<String> mount = Requests.query(request, "mount");
        if (mount.isPresent() && mounted(request, response, repository, Requests.digest(mount.get()))) {
            return;
        }
        Optional<String> digest = Requests.query(request, "digest");
        UploadSession session = storage.uploads().start(repository, AccessCheck.of(request).map(AccessCheck::caller));
        if (digest.isPresent()) {
            monolithic(request, response, session, Requests.digest(digest.get()));
            return;
        }
        accepted(response, session, Status.ACCEPTED_202);
    }

    /**
     * Mounts a blob: from the repository {@code from} names when it holds the blob, or, without {@code from}, from any
     * repository that does, as the spec allows; in both cases only from repositories the caller may pull, so a mount
     * never tells whether a blob exists where the caller cannot look. False when the blob cannot be mounted, and an
     * upload starts instead.
     */
    private boolean mounted(ServerRequest request, ServerResponse response, RepositoryName repository, Digest digest)
            throws RegistryException, IOException {
        Optional<String> from = Requests.query(request, "from");
        if (from.isPresent() && !RepositoryName.isValid(from.get())) {
            return false;
        }
        Optional<AccessCheck> access = AccessCheck.of(request);
        boolean linked = from.isPresent()
                ? AccessCheck.pullable(request).test(RepositoryName.of(from.get()))
                        && storage.repositories().hasBlob(RepositoryName.of(from.get()), digest)
                : access.isEmpty() || linkedInAny(access.get().mayPull(), digest);
        if (!linked) {
            return false;
        }
        fence.hold(List.of(digest));
        if (storage.blobs().statStored(digest).isEmpty()) {
            return false;
        }
        storage.repositories().linkBlob(repository, digest);
        created(response, repository, digest);
        return true;
    }

    /** Whether a repository the caller may pull holds the blob. */
    private boolean linkedInAny(Predicate<RepositoryName> pullable, Digest digest) throws IOException {
        for (RepositoryName candidate : storage.repositories().repositories()) {
            if (pullable.test(candidate) && storage.repositories().hasBlob(candidate, digest)) {
                return true;
            }
        }
        return false;
    }

    private void append(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        UploadSession session = session(request);
        Optional<ContentRange> range = ContentRange.parse(request.headers().first(HeaderNames.CONTENT_RANGE));
        if (range.isPresent()) {
            range.get().requireLength(contentLength(request));
        }
        try (InputStream body = body(request, range)) {
            UploadSession next = storage.uploads().append(session.id(), range.map(ContentRange::first).orElse(null),
                    body);
            accepted(response, next, Status.ACCEPTED_202);
        } catch (UploadOffsetException e) {
            throw outOfOrder(request, session, e);
        } catch (RangedBody.LengthMismatchException e) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, e.getMessage(), null);
        }
    }

    /**
     * A whole blob in the POST that starts its upload. The client never learns the session, so a failure (a full
     * disk) must not leave it behind.
     */
    private void monolithic(ServerRequest request, ServerResponse response, UploadSession session, Digest digest)
            throws RegistryException, IOException {
        try {
            finish(request, response, session, digest, Optional.empty());
        } catch (IOException | RuntimeException e) {
            try {
                storage.uploads().cancel(session.id());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void complete(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        UploadSession session = session(request);
        Digest digest = Requests.digest(Requests.query(request, "digest").orElseThrow(() ->
                RegistryException.of(ErrorCode.DIGEST_INVALID, "the closing PUT of an upload needs the blob's "
                        + "digest as the query parameter ?digest=")));
        Optional<ContentRange> range = ContentRange.parse(request.headers().first(HeaderNames.CONTENT_RANGE));
        if (range.isPresent()) {
            range.get().requireLength(contentLength(request));
            if (range.get().first() != session.offset()) {
                throw outOfOrder(request, session, new UploadOffsetException(session.offset(), range.get().first()));
            }
        }
        finish(request, response, session, digest, range);
    }

    private void finish(ServerRequest request, ServerResponse response, UploadSession session, Digest digest,
                        Optional<ContentRange> range) throws RegistryException, IOException {
        try (InputStream body = Requests.hasBody(request) ? body(request, range) : null) {
            PushFence.Hold hold = fence.hold(List.of(digest));
            BlobInfo blob = storage.uploads().complete(session.id(), digest, body);
            hold.refreshIfLate();
            storage.repositories().linkBlob(session.repository(), blob.digest());
            created(response, session.repository(), blob.digest());
        } catch (DigestMismatchException e) {
            throw RegistryException.of(ErrorCode.DIGEST_INVALID, e.getMessage());
        } catch (RangedBody.LengthMismatchException e) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, e.getMessage(), null);
        } catch (UploadOffsetException e) {
            throw outOfOrder(request, session, e);
        }
    }

    /** The request's body; without a Content-Length, held to the length its Content-Range claims. */
    private static InputStream body(ServerRequest request, Optional<ContentRange> range) {
        InputStream body = request.content().inputStream();
        return range.isPresent() && contentLength(request).isEmpty() ? new RangedBody(body, range.get()) : body;
    }

    private void status(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        accepted(response, session(request), Status.NO_CONTENT_204);
    }

    private void cancel(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        storage.uploads().cancel(session(request).id());
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    private UploadSession session(ServerRequest request) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        String id = request.path().pathParameters().get("uuid");
        Optional<String> caller = AccessCheck.of(request).map(AccessCheck::caller);
        return storage.uploads().find(id)
                .filter(session -> session.repository().equals(repository))
                .filter(session -> caller.isEmpty() || session.owner().equals(caller))   // as if it did not exist
                .orElseThrow(() -> RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN,
                        new UploadNotFoundException(id).getMessage()));
    }

    private static RegistryException outOfOrder(ServerRequest request, UploadSession session, UploadOffsetException e) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, 416, e.getMessage(), null)
                .withHeader("Location", location(session))
                .withHeader("Range", range(e.offset()))
                .withHeader("Docker-Upload-UUID", session.id());
    }

    private static void accepted(ServerResponse response, UploadSession session, Status status) {
        response.status(status);
        response.header(HeaderNames.LOCATION, location(session));
        response.header(HeaderNames.RANGE, range(session.offset()));
        response.header(RegistryHeaders.UPLOAD_UUID, session.id());
        response.header(HeaderNames.CONTENT_LENGTH, "0");
        response.send();
    }

    private static void created(ServerResponse response, RepositoryName repository, Digest digest) {
        response.status(Status.CREATED_201);
        response.header(HeaderNames.LOCATION, "/v2/" + repository + "/blobs/" + digest);
        response.header(RegistryHeaders.CONTENT_DIGEST, digest.toString());
        response.header(HeaderNames.CONTENT_LENGTH, "0");
        response.send();
    }

    private static String location(UploadSession session) {
        return "/v2/" + session.repository() + "/blobs/uploads/" + session.id();
    }

    /** Docker's form: the inclusive range received so far, {@code 0-0} when nothing yet. */
    private static String range(long offset) {
        return "0-" + Math.max(0, offset - 1);
    }

    private static Optional<Long> contentLength(ServerRequest request) {
        return request.headers().contentLength().stream().boxed().findFirst();
    }
}
