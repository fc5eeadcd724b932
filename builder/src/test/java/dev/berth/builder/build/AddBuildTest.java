package dev.berth.builder.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD: local archives unpacked by content, URLs fetched and checked. */
class AddBuildTest {

    @TempDir
    Path work;
    private BuildFixture fixture;
    private Path context;
    private HttpServer server;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BuildFixture(work.resolve("data"));
        context = BuildFixture.context(work.resolve("ctx"), Map.of("plain.txt", "P"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/tool.sh", exchange -> {
            byte[] body = "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry dir = new TarArchiveEntry("pkg/");
            dir.setMode(0750);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] content = "inside".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("pkg/file");
            file.setSize(content.length);
            file.setMode(0640);
            file.setIds(33, 44);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private List<String> addLayer(String dockerfile) throws Exception {
        return fixture.entries(fixture.build(context, "FROM scratch\n" + dockerfile).layers().getLast());
    }

    @Test
    void localGzipTar_isUnpackedKeepingModesAndOwners() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar());
        }
        Files.write(context.resolve("bundle.tgz"), gz.toByteArray());
        List<String> entries = addLayer("ADD bundle.tgz /opt/");
        assertTrue(entries.contains("opt/pkg/ dir 750 0:0"), entries.toString());
        assertTrue(entries.contains("opt/pkg/file file 640 33:44 inside"), entries.toString());
    }

    @Test
    void xzBzip2AndZstdTars_areUnpackedToo() throws Exception {
        for (String name : List.of("a.tar.xz", "a.tar.bz2", "a.tar.zst")) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (OutputStream out = switch (name) {
                case "a.tar.xz" -> new XZCompressorOutputStream(compressed);
                case "a.tar.bz2" -> new BZip2CompressorOutputStream(compressed);
                default -> new ZstdCompressorOutputStream(compressed);
            }) {
                out.write(tar());
            }
            Files.write(context.resolve(name), compressed.toByteArray());
            List<String> entries = addLayer("ADD " + name + " /x/");
            assertTrue(entries.contains("x/pkg/file file 640 33:44 inside"), name + ": " + entries);
        }
    }

    @Test
    void unpackFalse_addsTheArchiveAsAFile() throws Exception {
        Files.write(context.resolve("bundle.tar"), tar());
        List<String> entries = addLayer("ADD --unpack=false bundle.tar /opt/");
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("opt/bundle.tar file")), entries.toString());
    }

    @Test
    void fileNamedLikeAnArchive_isCopiedAsIs() throws Exception {
        Files.writeString(context.resolve("fake.tar.gz"), "not really");
        assertTrue(addLayer("ADD fake.tar.gz /f").contains("f file 644 0:0 not really"));
    }

    @Test
    void url_ofTheHostsLoopback_isRefusedUnlessAllowed() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.sh";
        var e = assertThrows(BuildException.class, () -> addLayer("ADD " + url + " /tool"));
        assertTrue(e.getMessage().contains("Dockerfile:2: ADD does not download from " + url + ": 127.0.0.1 is "
                + "127.0.0.1, a loopback address of the build host; pass --allow-host-loopback"), e.getMessage());
        var metadata = assertThrows(BuildException.class,
                () -> addLayer("ADD http://169.254.169.254/latest/meta-data/iam /creds"));
        assertTrue(metadata.getMessage().contains("a link-local address"), metadata.getMessage());
    }

    @Test
    void url_isFetchedWithMode600AndLastModified() throws Exception {
        fixture.allowHostLoopback();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.sh";
        List<String> entries = addLayer("ADD " + url + " /usr/local/bin/");
        assertTrue(entries.contains("usr/local/bin/tool.sh file 600 0:0 #!/bin/sh\necho tool"), entries.toString());
    }

    @Test
    void url_withMatchingChecksum_isAccepted_andAMismatchFails() throws Exception {
        fixture.allowHostLoopback();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.sh";
        Digest digest = Digest.sha256("#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("tool file 600 0:0 #!/bin/sh\necho tool"),
                addLayer("ADD --checksum=" + digest + " " + url + " /tool"));
        Digest wrong = Digest.sha256(new byte[] {1});
        var e = assertThrows(BuildException.class, () -> addLayer("ADD --checksum=" + wrong + " " + url + " /t"));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void gitSource_isRefusedWithAWayOut() {
        var e = assertThrows(BuildException.class, () -> addLayer("ADD https://example.test/repo.git /src"));
        assertTrue(e.getMessage().contains("Git"), e.getMessage());
    }
}
