package dev.berth.builder.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Content digests of context files, memoized on (path, size, modification time, inode), so an unchanged context is
 * not read again within a process.
 */
public final class SourceHasher {

    private record Identity(Path path, long size, Object modified, Object inode) {
    }

    private final Cache<Identity, Digest> digests = Caffeine.newBuilder().maximumSize(200_000).build();

    /** The digest of the file's bytes. */
    public Digest digest(Path file) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(file, "unix:size,lastModifiedTime,ino,ctime",
                LinkOption.NOFOLLOW_LINKS);
        Identity identity = new Identity(file, (Long) attributes.get("size"),
                List.of(attributes.get("lastModifiedTime"), attributes.get("ctime")), attributes.get("ino"));
        Digest known = digests.getIfPresent(identity);
        if (known != null) {
            return known;
        }
        try (InputStream in = new DigestingInputStream(Files.newInputStream(file), DigestAlgorithm.SHA256)) {
            in.transferTo(OutputStream.nullOutputStream());
            Digest digest = ((DigestingInputStream) in).digest();
            digests.put(identity, digest);
            return digest;
        }
    }
}
