package dev.berth.trust.attach;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.policy.PolicyEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * containers/image's lookaside storage of simple signing signatures: {@code <base>/<repository>@<algorithm>=<hex>/
 * signature-<n>}, numbered from 1 without gaps. Read from {@code file:}, {@code http:} and {@code https:} bases;
 * written to {@code file:} bases only, as skopeo does.
 */
public final class Lookaside {

    /** A simple signing signature is a few hundred bytes. */
    public static final int MAXIMUM_SIGNATURE = 64 * 1024;

    private final HttpClient http;

    public Lookaside(HttpClient http) {
        this.http = http;
    }

    /** The signatures stored for an image at a base URL. */
    public List<byte[]> read(URI base, Reference image, Digest manifest) throws IOException {
        List<byte[]> signatures = new ArrayList<>();
        for (int index = 1; index <= PolicyEvaluator.MAXIMUM_SIGNATURES + 1; index++) {
            URI location = location(base, image, manifest, index);
            byte[] signature = location.getScheme().equals("file") ? readFile(Path.of(location)) : fetch(location);
            if (signature == null) {
                break;
            }
            signatures.add(signature);
        }
        return signatures;
    }

    /** Stores a signature under the first free number, and returns where. */
    public static Path write(URI base, Reference image, Digest manifest, byte[] signature) throws IOException {
        if (!"file".equals(base.getScheme())) {
            throw new IOException("signatures can only be written to a file: lookaside, not " + base + "; set "
                    + "lookaside-staging to a file: URL in registries.d");
        }
        Path directory = Path.of(location(base, image, manifest, 1)).getParent();
        Files.createDirectories(directory);
        Path written = Files.createTempFile(directory, ".signature-", ".tmp");
        try {
            Files.write(written, signature);
            try (var channel = java.nio.channels.FileChannel.open(written, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            for (int index = 1; ; index++) {
                Path target = directory.resolve("signature-" + index);
                try {
                    Files.createLink(target, written);
                    return target;
                } catch (FileAlreadyExistsException taken) {
                    // the next number
                }
            }
        } finally {
            Files.deleteIfExists(written);
        }
    }

    static URI location(URI base, Reference image, Digest manifest, int index) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + image.repository() + "@" + manifest.algorithm().prefix() + "=" + manifest.hex()
                + "/signature-" + index);
    }

    private static byte[] readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        if (Files.size(file) > MAXIMUM_SIGNATURE) {
            throw new IOException(file + " is larger than " + MAXIMUM_SIGNATURE + " bytes; it is not a signature");
        }
        return Files.readAllBytes(file);
    }

    private byte[] fetch(URI location) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + location, e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IOException("reading the signature " + location + " failed with " + response.statusCode());
            }
            byte[] signature = in.readNBytes(MAXIMUM_SIGNATURE + 1);
            if (signature.length > MAXIMUM_SIGNATURE) {
                throw new IOException(location + " is larger than " + MAXIMUM_SIGNATURE + " bytes; it is not a "
                        + "signature");
            }
            return signature;
        }
    }
}
