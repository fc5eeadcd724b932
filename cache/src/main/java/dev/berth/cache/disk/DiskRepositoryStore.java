package dev.berth.cache.disk;

import dev.berth.cache.repository.ManifestRecord;
import dev.berth.cache.repository.RepositoryStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Repositories as directory trees of small records under {@code repositories/}. */
final class DiskRepositoryStore implements RepositoryStore {

    private static final String TAG_SUFFIX = ".json";

    private final DiskLayout layout;
    private final DurableFiles files;
    private final Json json;
    private final Clock clock;
    /** Deletion times read so far; this store is the only writer of the files, so they stay true. */
    private final Map<RepositoryName, Optional<Instant>> deletions = new ConcurrentHashMap<>();

    DiskRepositoryStore(DiskLayout layout, DurableFiles files, Json json, Clock clock) {
        this.layout = layout;
        this.files = files;
        this.json = json;
        this.clock = clock;
    }

    /** What a tag file holds. */
    record TagRecord(Digest digest, Instant updatedAt) {
    }

    @Override
    public void linkBlob(RepositoryName repository, Digest digest) throws IOException {
        Path link = layout.blobLink(repository, digest);
        if (!Files.exists(link)) {
            files.write(link, digest.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public boolean hasBlob(RepositoryName repository, Digest digest) {
        return Files.exists(layout.blobLink(repository, digest));
    }

    @Override
    public boolean unlinkBlob(RepositoryName repository, Digest digest) throws IOException {
        return Files.deleteIfExists(layout.blobLink(repository, digest));
    }

    @Override
    public void putManifest(RepositoryName repository, ManifestRecord manifest) throws IOException {
        linkBlob(repository, manifest.digest());
        files.write(layout.manifest(repository, manifest.digest()), json.write(manifest));
        if (manifest.subject() != null) {
            files.write(layout.referrer(repository, manifest.subject(), manifest.digest()), new byte[0]);
        }
    }

    @Override
    public Optional<ManifestRecord> manifest(RepositoryName repository, Digest digest) throws IOException {
        try {
            return Optional.of(json.read(layout.manifest(repository, digest), ManifestRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteManifest(RepositoryName repository, Digest digest) throws IOException {
        Optional<ManifestRecord> record = manifest(repository, digest);
        if (record.isEmpty()) {
            return false;
        }
        untagManifest(repository, digest);
        if (record.get().subject() != null) {
            Files.deleteIfExists(layout.referrer(repository, record.get().subject(), digest));
        }
        Files.deleteIfExists(layout.manifest(repository, digest));
        Files.deleteIfExists(layout.pulled(repository, digest));
        unlinkBlob(repository, digest);
        return true;
    }

    @Override
    public void tag(RepositoryName repository, Tag tag, Digest digest) throws IOException {
        files.write(layout.tag(repository, tag), json.write(new TagRecord(digest, clock.instant())));
    }

    @Override
    public Optional<Digest> resolveTag(RepositoryName repository, Tag tag) throws IOException {
        try {
            return Optional.of(json.read(layout.tag(repository, tag), TagRecord.class).digest());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteTag(RepositoryName repository, Tag tag) throws IOException {
        return Files.deleteIfExists(layout.tag(repository, tag));
    }

    @Override
    public List<Tag> tags(RepositoryName repository) throws IOException {
        List<Tag> tags = new ArrayList<>();
        for (String name : names(layout.tags(repository))) {
            if (name.endsWith(TAG_SUFFIX)) {   // temporary files of a tag being written end otherwise
                String tag = name.substring(0, name.length() - TAG_SUFFIX.length());
                if (Tag.isValid(tag)) {
                    tags.add(Tag.of(tag));
                }
            }
        }
        tags.sort(Comparator.naturalOrder());
        return tags;
    }

    @Override
    public void recordPull(RepositoryName repository, Digest digest, Instant at) throws IOException {
        files.write(layout.pulled(repository, digest), at.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Optional<Instant> lastPulled(RepositoryName repository, Digest digest) throws IOException {
        try {
            return Optional.of(Instant.parse(Files.readString(layout.pulled(repository, digest)).strip()));
        } catch (NoSuchFileException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Digest> manifests(RepositoryName repository) throws IOException {
        return digestsIn(layout.repository(repository).resolve("_manifests"), ".json");
    }

    @Override
    public List<Digest> blobLinks(RepositoryName repository) throws IOException {
        return digestsIn(layout.repository(repository).resolve("_links"), "");
    }

    /** The digests named by the files {@code <alg>/<hex><suffix>} under a directory, leaving out temp files. */
    private static List<Digest> digestsIn(Path directory, String suffix) throws IOException {
        List<Digest> digests = new ArrayList<>();
        for (String algorithm : names(directory)) {
            for (String name : names(directory.resolve(algorithm))) {
                if (name.endsWith(suffix)) {
                    String digest = algorithm + ":" + name.substring(0, name.length() - suffix.length());
                    if (Digest.isDigest(digest)) {
                        digests.add(Digest.parse(digest));
                    }
                }
            }
        }
        return digests;
    }

    @Override
    public List<ManifestRecord> referrers(RepositoryName repository, Digest subject) throws IOException {
        List<ManifestRecord> found = new ArrayList<>();
        for (Path entry : list(layout.referrers(repository, subject))) {
            String name = entry.getFileName().toString().replaceFirst("-", ":");
            if (Digest.isDigest(name)) {
                manifest(repository, Digest.parse(name)).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing(ManifestRecord::pushedAt).thenComparing(r -> r.digest().toString()));
        return found;
    }

    @Override
    public boolean exists(RepositoryName repository) {
        return isRepository(layout.repository(repository));
    }

    @Override
    public List<RepositoryName> repositories() throws IOException {
        Path root = layout.repositories();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<RepositoryName> found = new ArrayList<>();
        collect(root.toFile(), "", found);
        found.sort(Comparator.naturalOrder());
        return found;
    }

    /**
     * Finds the repositories at and under a directory by listing names alone, one listing per directory: a
     * repository's own entries all begin with {@value DiskLayout#REPOSITORY_MARKERS_PREFIX} (and tell that it is
     * one), and every other entry is a nested repository's directory. A catalog of ten thousand repositories is then
     * ten thousand listings, not a file attribute read for everything in them.
     */
    private static void collect(File directory, String name, List<RepositoryName> found) {
        String[] names = name.length() > RepositoryName.MAX_LENGTH ? null : directory.list();
        if (names == null) {
            return;   // not a directory, gone since it was listed, or deeper than any repository name goes
        }
        boolean repository = false;
        for (String child : names) {
            repository |= child.equals("_manifests") || child.equals("_links") || child.equals("_tags");
        }
        if (repository && RepositoryName.isValid(name)) {
            found.add(RepositoryName.of(name));
        }
        for (String child : names) {
            if (!child.startsWith(DiskLayout.REPOSITORY_MARKERS_PREFIX)) {
                collect(new File(directory, child), name.isEmpty() ? child : name + "/" + child, found);
            }
        }
    }

    @Override
    public boolean deleteRepository(RepositoryName repository) throws IOException {
        Path directory = layout.repository(repository);
        if (!isRepository(directory)) {
            return false;
        }
        Instant now = clock.instant();
        files.write(layout.deletion(repository), now.toString().getBytes(StandardCharsets.US_ASCII));
        deletions.put(repository, Optional.of(now));
        Files.createDirectories(layout.tmp());
        for (String record : List.of("_manifests", "_links", "_tags", "_referrers", "_pulls")) {
            Path records = directory.resolve(record);
            if (Files.isDirectory(records, LinkOption.NOFOLLOW_LINKS)) {
                // Out of the repository at once, then removed at leisure: a reader sees all of it or none.
                Path trash = layout.tmp().resolve("deleted-" + UUID.randomUUID());
                Files.move(records, trash, StandardCopyOption.ATOMIC_MOVE);
                removeTree(trash);
            }
        }
        return true;
    }

    @Override
    public Optional<Instant> deletedAt(RepositoryName repository) throws IOException {
        Optional<Instant> known = deletions.get(repository);
        if (known != null) {
            return known;
        }
        Optional<Instant> read;
        try {
            read = Optional.of(Instant.parse(Files.readString(layout.deletion(repository)).strip()));
        } catch (NoSuchFileException e) {
            read = Optional.empty();
        }
        deletions.putIfAbsent(repository, read);
        return read;
    }

    private static void removeTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean isRepository(Path directory) {
        return Files.isDirectory(directory.resolve("_manifests")) || Files.isDirectory(directory.resolve("_links"))
                || Files.isDirectory(directory.resolve("_tags"));
    }

    /**
     * The names in a directory, none if it does not exist. {@link File#list} gives names alone, without a path object
     * per entry, which is most of the cost of listing a repository's thousands of tags.
     */
    private static String[] names(Path directory) throws IOException {
        String[] names = directory.toFile().list();
        if (names != null) {
            return names;
        }
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot list " + directory + ": check that it is a directory Berth may read");
        }
        return new String[0];
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
