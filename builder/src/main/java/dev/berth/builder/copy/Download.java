package dev.berth.builder.copy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A file ADD fetched from a URL: where it was saved, its digest, its name and its Last-Modified time. */
public record Download(Path file, Digest digest, String name, Instant modified) {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    private static final int REDIRECTS = 10;

    /** Whether an ADD source is a URL. */
    public static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /** Whether an ADD source is a Git repository. */
    public static boolean isGit(String source) {
        return source.startsWith("git@") || source.startsWith("git://")
                || (isUrl(source) && (source.contains(".git#") || source.endsWith(".git")));
    }

    /**
     * Fetches the URL into {@code directory}, following redirects that {@code guard} allows, and checks the content
     * against {@code checksum} when one is given.
     */
    public static Download fetch(String url, String checksum, Path directory, UrlGuard guard)
            throws CopyException, IOException {
        URI uri = URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new CopyException("cannot name the file of " + url + ": the URL needs a path such as /file.tar.gz");
        }
        HttpResponse<InputStream> response = follow(uri, guard);
        Path target = Files.createTempFile(Files.createDirectories(directory), "download", "");
        Digest digest;
        try (DigestingInputStream in = new DigestingInputStream(response.body(), DigestAlgorithm.SHA256)) {
            if (response.statusCode() != 200) {
                throw new CopyException("cannot download " + url + ": the server answered " + response.statusCode());
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            digest = in.digest();
        }
        if (checksum != null && !checksum.equals(digest.toString())) {
            Files.deleteIfExists(target);
            throw new CopyException("checksum mismatch for " + url + ": expected " + checksum + ", got " + digest);
        }
        Instant modified = response.headers().firstValue("Last-Modified").map(Download::parseHttpDate)
                .orElse(Instant.EPOCH);
        return new Download(target, digest, name, modified);
    }

    /** GETs the URL, following up to ten redirects, each checked by the guard before it is requested. */
    private static HttpResponse<InputStream> follow(URI uri, UrlGuard guard) throws CopyException, IOException {
        URI current = uri;
        for (int hop = 0; hop <= REDIRECTS; hop++) {
            guard.check(current);
            HttpResponse<InputStream> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(current).timeout(Duration.ofMinutes(10)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + uri, e);
            } catch (IOException e) {
                throw new CopyException("cannot download " + current + ": " + e.getMessage());
            }
            int status = response.statusCode();
            var location = response.headers().firstValue("Location");
            if (!List.of(301, 302, 303, 307, 308).contains(status) || location.isEmpty()) {
                return response;
            }
            response.body().close();
            current = current.resolve(location.get());
        }
        throw new CopyException("cannot download " + uri + ": more than " + REDIRECTS + " redirects");
    }

    private static Instant parseHttpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
