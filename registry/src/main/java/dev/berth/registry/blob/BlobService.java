package dev.berth.registry.blob;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.storage.Storage;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorCode;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.mirror.PullThrough;
import dev.berth.registry.http.PlainSocket;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryHeaders;
import dev.berth.registry.http.Requests;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.OptionalLong;

/** Pulling, checking and deleting blobs: {@code /v2/<name>/blobs/<digest>}. */
public final class BlobService implements HttpService {

    private static final System.Logger LOG = System.getLogger(BlobService.class.getName());

    /** Bytes written through the web server before the rest go straight to the socket. */
    private static final int THROUGH_SERVER = 64 * 1024;

    private final Storage storage;
    private final PullThrough pullThrough;

    /** Blobs of the storage, those of mirrored repositories fetched from their upstream on first pull. */
    public BlobService(Storage storage, PullThrough pullThrough) {
        this.storage = storage;
        this.pullThrough = pullThrough;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/{name:.+}/blobs/{digest}", this::get)
                .head("/v2/{name:.+}/blobs/{digest}", this::head)
                .delete("/v2/{name:.+}/blobs/{digest}", this::delete);
    }

    private void head(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        fetchMirrored(request, length -> OutputStream.nullOutputStream());
        BlobInfo blob = find(request);
        describe(response, blob);
        response.header(HeaderNames.CONTENT_LENGTH, Long.toString(blob.size()));
        response.send();
    }

    private void get(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        boolean ranged = request.headers().contains(HeaderNames.RANGE);
        PullThrough.BlobResult fetched = fetchMirrored(request, length -> ranged ? OutputStream.nullOutputStream()
                : streamed(request, response, length));
        if (fetched == PullThrough.BlobResult.STREAMED && !ranged) {
            return;
        }
        BlobInfo blob = find(request);
        describe(response, blob);
        Optional<URI> direct = storage.blobs().downloadUrl(blob.digest());
        if (direct.isPresent()) {
            response.status(Status.TEMPORARY_REDIRECT_307);
            response.header(HeaderNames.LOCATION, direct.get().toString());
            response.header(HeaderNames.CONTENT_LENGTH, "0");
            response.send();
            return;
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(request.headers().first(HeaderNames.RANGE), blob.size());
        } catch (ByteRange.UnsatisfiableRangeException e) {
            throw new RegistryException(ErrorCode.BLOB_UNKNOWN, 416, "range "
                    + request.headers().first(HeaderNames.RANGE).orElse("") + " lies outside the blob of "
                    + blob.size() + " bytes", null).withHeader("Content-Range", "bytes */" + blob.size());
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(blob.size());
        if (range.isPresent()) {
            response.status(Status.PARTIAL_CONTENT_206);
            response.header(HeaderNames.CONTENT_RANGE, range.get().contentRange(blob.size()));
        }
        response.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        send(request, response, blob.digest(), offset, length);
    }

    /**
     * Sends the blob's bytes. The web server writes the response's head with the first of them; over a plain
     * connection the rest go from the file to the socket through the kernel, neither read into the JVM nor copied,
     * or, from a remote store, from its one response straight to the socket. Once the head is out, a failure (most
     * often the client going away) can only close the connection.
     */
    private void send(ServerRequest request, ServerResponse response, Digest digest, long offset, long length)
            throws IOException {
        Optional<SocketChannel> socket = length > THROUGH_SERVER ? PlainSocket.channel(request) : Optional.empty();
        long head = socket.isPresent() ? THROUGH_SERVER : length;
        try (InputStream in = storage.blobs().open(digest, offset)) {
            try (OutputStream out = response.outputStream()) {
                copy(in, out, head);
                if (socket.isPresent()) {
                    out.flush();
                    if (storage.blobs().sendsFiles()) {
                        storage.blobs().transferTo(digest, offset + head, length - head, socket.get());
                    } else {
                        copy(in, Channels.newOutputStream(socket.get()), length - head);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                String stopped = "stopped sending blob " + digest + " to " + request.remotePeer().host() + ": "
                        + e.getMessage();
                LOG.log(System.Logger.Level.INFO, stopped);
                throw new CloseConnectionException(stopped, e);
            }
        }
    }

    private void delete(ServerRequest request, ServerResponse response) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        Digest digest = Requests.digest(request.path().pathParameters().get("digest"));
        if (!storage.repositories().unlinkBlob(repository, digest)) {
            throw RegistryException.of(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in " + repository);
        }
        response.status(Status.ACCEPTED_202);
        response.header(HeaderNames.CONTENT_LENGTH, "0");
        response.send();
    }

    /**
     * Fetches a blob a mirrored repository does not have yet from its upstream, into {@code sink} as it is stored;
     * for other repositories, and blobs already here, does nothing.
     */
    private PullThrough.BlobResult fetchMirrored(ServerRequest request, PullThrough.BlobSink sink)
            throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        if (pullThrough.mirrorOf(repository).isEmpty()) {
            return PullThrough.BlobResult.ABSENT;
        }
        Digest digest = Requests.digest(request.path().pathParameters().get("digest"));
        if (storage.repositories().hasBlob(repository, digest) && storage.blobs().stat(digest).isPresent()) {
            return PullThrough.BlobResult.STORED;
        }
        return pullThrough.blob(repository, digest, sink);
    }

    /** The response's body for a blob streamed from an upstream, with the headers a blob's GET has. */
    private static OutputStream streamed(ServerRequest request, ServerResponse response, OptionalLong length) {
        Digest digest = Digest.parse(request.path().pathParameters().get("digest"));
        response.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        response.header(RegistryHeaders.CONTENT_DIGEST, digest.toString());
        response.header(HeaderNames.ETAG, "\"" + digest + "\"");
        length.ifPresent(bytes -> response.header(HeaderNames.CONTENT_LENGTH, Long.toString(bytes)));
        return response.outputStream();
    }

    private BlobInfo find(ServerRequest request) throws RegistryException, IOException {
        RepositoryName repository = Requests.repository(request);
        Digest digest = Requests.digest(request.path().pathParameters().get("digest"));
        Optional<BlobInfo> blob = storage.repositories().hasBlob(repository, digest)
                ? storage.blobs().stat(digest) : Optional.empty();
        return blob.orElseThrow(() -> RegistryException.of(ErrorCode.BLOB_UNKNOWN,
                "blob " + digest + " is not in repository " + repository));
    }

    private static void describe(ServerResponse response, BlobInfo blob) {
        response.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        response.header(RegistryHeaders.CONTENT_DIGEST, blob.digest().toString());
        response.header(HeaderNames.ETAG, "\"" + blob.digest() + "\"");
        response.header(HeaderNames.ACCEPT_RANGES, "bytes");
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(256 * 1024, length)];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("blob ended " + remaining + " bytes early");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }
}
