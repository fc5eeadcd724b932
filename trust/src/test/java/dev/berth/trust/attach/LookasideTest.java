package dev.berth.trust.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookaside layout of containers/image's signature-protocols.md, written to a directory and read back. */
class LookasideTest {

    private static final Reference IMAGE = Reference.parse("busybox:latest");
    private static final Digest MANIFEST = Digest.parse(
            "sha256:817a12c32a39bbe394944ba49de563e085f1d3c5266eb8e9723256bc4448680e");

    @TempDir
    Path directory;
    private final Lookaside lookaside = new Lookaside(HttpClient.newHttpClient());

    @Test
    void signatures_areNumberedFromOne_underTheExpandedRepositoryAndDigest() throws IOException {
        Path first = Lookaside.write(directory.toUri(), IMAGE, MANIFEST, "one".getBytes(StandardCharsets.UTF_8));
        Path second = Lookaside.write(directory.toUri(), IMAGE, MANIFEST, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals(directory.resolve("library/busybox@sha256=817a12c32a39bbe394944ba49de563e085f1d3c5266eb8e9723256"
                + "bc4448680e/signature-1"), first);
        assertEquals(first.resolveSibling("signature-2"), second);
        List<byte[]> read = lookaside.read(directory.toUri(), IMAGE, MANIFEST);
        assertEquals(2, read.size());
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), read.get(1));
        try (var files = Files.list(first.getParent())) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void anHttpLookaside_isReadUntilItsFirstMissingNumber() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sigs/", exchange -> {
            boolean first = exchange.getRequestURI().getPath().endsWith("/signature-1");
            byte[] body = first ? "signed".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(first ? 200 : 404, first ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sigs");
            List<byte[]> read = lookaside.read(base, IMAGE, MANIFEST);
            assertEquals(1, read.size());
            IOException refused = assertThrows(IOException.class, () -> Lookaside.write(base, IMAGE, MANIFEST,
                    new byte[1]));
            assertTrue(refused.getMessage().contains("lookaside-staging"), refused.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anOversizedFile_isNotReadAsASignature() throws IOException {
        Path written = Lookaside.write(directory.toUri(), IMAGE, MANIFEST, new byte[Lookaside.MAXIMUM_SIGNATURE + 1]);
        IOException refused = assertThrows(IOException.class, () -> lookaside.read(directory.toUri(), IMAGE,
                MANIFEST));
        assertTrue(refused.getMessage().contains(written.toString()), refused.getMessage());
    }
}
