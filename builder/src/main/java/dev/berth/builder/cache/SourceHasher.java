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

    /**
     * The attributes {@link #digest(Path, Map)} needs, for {@link Files#readAttributes(Path, String, LinkOption...)}:
     * a caller that reads them anyway (for the mode) saves the file a second stat.
     */
    public static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,ctime,ino";

    /** What identifies a file's content without reading it. */
    private record Identity(String path, long size, long modified, long changed, long inode) {
        String line(Digest digest) {
            return path.replace("\t", " ") + '\t' + size + '\t' + modified + '\t' + changed + '\t' + inode + '\t'
                    + digest;
        }
    }

    private final Cache<Identity, Digest> digests = Caffeine.newBuilder().maximumSize(500_000).build();
    private volatile boolean changed;

    /** The digest of the file's bytes. */
    public Digest digest(Path file) throws IOException {
        return digest(file, Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    /** The digest of the file's bytes, given its {@link #ATTRIBUTES} as just read. */
    public Digest digest(Path file, Map<String, Object> attributes) throws IOException {
        Identity identity = new Identity(file.toAbsolutePath().toString(), (Long) attributes.get("size"),
                nanos(attributes.get("lastModifiedTime")), nanos(attributes.get("ctime")),
                (Long) attributes.get("ino"));
        Digest known = digests.getIfPresent(identity);
        if (known != null) {
            return known;
        }
        try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file), DigestAlgorithm.SHA256)) {
            in.transferTo(OutputStream.nullOutputStream());
            Digest digest = in.digest();
            digests.put(identity, digest);
            changed = true;
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
            changed = true;
        }
    }

    /** Saves the memo for the next run, atomically, when this run hashed a file it did not know. */
    public void save(Path memo) throws IOException {
        if (!changed) {
            return;
        }
        Path temp = Files.createTempFile(Files.createDirectories(memo.getParent()), "hashes", ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (Map.Entry<Identity, Digest> entry : digests.asMap().entrySet()) {
                out.write(entry.getKey().line(entry.getValue()));
                out.newLine();
            }
        }
        Files.move(temp, memo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        changed = false;
    }

    private static long nanos(Object time) {
        java.time.Instant instant = ((java.nio.file.attribute.FileTime) time).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
