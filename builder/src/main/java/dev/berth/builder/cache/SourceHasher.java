package dev.berth.builder.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Content digests of context files, memoized on (path, size, modification and change time, inode), so an unchanged
 * context is not read again: within a process, and across runs through a file the builder saves after each build.
 */
public final class SourceHasher {

    /** What identifies a file's content without reading it. */
    private record Identity(String path, long size, long modified, long changed, long inode) {
        String line(Digest digest) {
            return path.replace("\t", " ") + '\t' + size + '\t' + modified + '\t' + changed + '\t' + inode + '\t'
                    + digest;
        }
    }

    private final Cache<Identity, Digest> digests = Caffeine.newBuilder().maximumSize(500_000).build();

    /** The digest of the file's bytes. */
    public Digest digest(Path file) throws IOException {
        Identity identity = identify(file);
        Digest known = digests.getIfPresent(identity);
        if (known != null) {
            return known;
        }
        try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file), DigestAlgorithm.SHA256)) {
            in.transferTo(OutputStream.nullOutputStream());
            Digest digest = in.digest();
            digests.put(identity, digest);
            return digest;
        }
    }

    /** Loads what an earlier run saved; a missing or damaged file just means hashing again. */
    public void load(Path memo) {
        try {
            for (String line : Files.readAllLines(memo, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 6 && Digest.isDigest(f[5])) {
                    digests.put(new Identity(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Long.parseLong(f[4])), Digest.parse(f[5]));
                }
            }
        } catch (NoSuchFileException e) {
            // First run.
        } catch (IOException | RuntimeException e) {
            digests.invalidateAll();
        }
    }

    /** Saves the memo for the next run, atomically. */
    public void save(Path memo) throws IOException {
        Path temp = Files.createTempFile(Files.createDirectories(memo.getParent()), "hashes", ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (Map.Entry<Identity, Digest> entry : digests.asMap().entrySet()) {
                out.write(entry.getKey().line(entry.getValue()));
                out.newLine();
            }
        }
        Files.move(temp, memo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Identity identify(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino",
                LinkOption.NOFOLLOW_LINKS);
        return new Identity(file.toAbsolutePath().toString(), (Long) a.get("size"),
                nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")), (Long) a.get("ino"));
    }

    private static long nanos(Object time) {
        java.time.Instant instant = ((java.nio.file.attribute.FileTime) time).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
