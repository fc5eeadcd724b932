package dev.berth.conformance.interop;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A runnable busybox image made offline from Debian's busybox-static: one gzip layer with {@code /bin/busybox} and
 * a symlink per applet, written as an OCI image layout with the tag {@code latest}.
 */
public record BusyboxLayout(Path directory, Digest manifestDigest) {

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Date EPOCH = new Date(0);

    public static BusyboxLayout write(Path directory) throws IOException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing: install Debian's busybox-static (./test.sh does)");
        }
        byte[] tar = layerTar();
        byte[] gzip = gzip(tar);
        Path blobs = Files.createDirectories(directory.resolve("blobs/sha256"));
        Digest layer = store(blobs, gzip);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = store(blobs, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaType.OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"" + MediaType.OCI_LAYER_GZIP + "\",\"digest\":\""
                + layer + "\",\"size\":" + gzip.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = store(blobs, manifest);
        Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(directory.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaType.OCI_MANIFEST + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
        return new BusyboxLayout(directory, manifestDigest);
    }

    /** The descriptor of the image's manifest. */
    public dev.berth.oci.manifest.Descriptor describe() throws IOException {
        return dev.berth.oci.manifest.Descriptor.of(dev.berth.oci.manifest.MediaType.OCI_MANIFEST, manifestDigest,
                java.nio.file.Files.size(directory.resolve("blobs/sha256/" + manifestDigest.hex())));
    }

    /** The digest of the image's one layer, as its manifest names it. */
    public Digest layerDigest() throws IOException {
        byte[] manifest = java.nio.file.Files.readAllBytes(directory.resolve("blobs/sha256/" + manifestDigest.hex()));
        return Digest.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest).at("/layers/0/digest")
                .asText());
    }

    /** Copies the image into Berth with skopeo, digests unchanged, as {@code repository:tag}. */
    public void pushTo(BerthProcess berth, String repositoryAndTag) {
        pushTo(berth.address(), repositoryAndTag);
    }

    /** Copies the image to the registry at {@code host:port} (over plain HTTP) as {@code repository:tag}. */
    public void pushTo(String registry, String repositoryAndTag) {
        Tool.run("skopeo", "copy", "--preserve-digests", "--dest-tls-verify=false", "oci:" + directory + ":latest",
                "docker://" + registry + "/" + repositoryAndTag);
    }

    private static byte[] layerTar() throws IOException {
        List<String> applets = Tool.run(List.of(BUSYBOX.toString(), "--list-full")).lines()
                .filter(line -> !line.isBlank() && !line.equals("bin/busybox")).sorted().toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin/", "sbin/", "usr/", "usr/bin/", "usr/sbin/")) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(040755);
                entry.setModTime(EPOCH);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            byte[] busybox = Files.readAllBytes(BUSYBOX);
            TarArchiveEntry binary = new TarArchiveEntry("bin/busybox");
            binary.setMode(0100755);
            binary.setSize(busybox.length);
            binary.setModTime(EPOCH);
            tar.putArchiveEntry(binary);
            tar.write(busybox);
            tar.closeArchiveEntry();
            for (String applet : applets) {
                TarArchiveEntry link = new TarArchiveEntry(applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("/bin/busybox");
                link.setModTime(EPOCH);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }

    private static Digest store(Path blobs, byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        Files.write(blobs.resolve(digest.hex()), content);
        return digest;
    }
}
