package dev.berth.builder.copy;

import dev.berth.builder.context.BuildContext;
import dev.berth.builder.context.ContextException;
import dev.berth.builder.context.DockerIgnore;
import dev.berth.builder.dockerfile.Heredoc;
import dev.berth.builder.image.FileInfo;
import dev.berth.builder.image.ImageFiles;
import dev.berth.builder.image.RootfsExtractor;
import dev.berth.builder.layer.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out the layer entries of a COPY or ADD from the build context, with BuildKit's rules: a directory source copies
 * its contents, a file lands inside a destination that ends in {@code /} or is a directory, several sources need a
 * directory destination, and ownership and mode come from {@code --chown} and {@code --chmod} (otherwise root, or the
 * source's owner for {@code --from}, and the source's own mode). Directories the copy has to create, the destination
 * and its parents, get 0755 (or an octal {@code --chmod}) and root (or {@code --chown}); an existing destination
 * directory is never changed.
 */
public final class CopyPlanner {

    private static final Instant CREATED_DIRECTORY_TIME = Instant.EPOCH;

    private final ImageFiles image;
    private final Owner owner;
    private final ModeSpec chmod;
    private final Map<String, LayerEntry> entries = new LinkedHashMap<>();

    public CopyPlanner(ImageFiles image, Owner owner, ModeSpec chmod) {
        this.image = image;
        this.owner = owner;
        this.chmod = chmod;
    }

    /** The entries planned so far, parents included. */
    public List<LayerEntry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * Plans copying context sources to an absolute destination; {@code destination} ends with {@code /} when the
     * Dockerfile said so.
     */
    public void copyFromContext(BuildContext context, List<String> sources, String destination)
            throws CopyException, ContextException, IOException {
        copyFromContext(context, sources, destination, TreeOptions.PLAIN);
    }

    /**
     * How a tree is copied.
     *
     * @param parents    keep each source's parent directories under the destination (after a {@code ./} pivot)
     * @param excludes   {@code --exclude} patterns
     * @param spool      where unpacked archive contents go; null to copy archives as files (COPY)
     * @param chownGiven whether {@code --chown} was given (unpacked archives keep their owners otherwise)
     * @param keepOwners whether copied entries keep their owners when no {@code --chown} was given, as they do when
     *                   copied from a stage or image; a build context's files belong to root
     */
    public record TreeOptions(boolean parents, DockerIgnore excludes, Path spool, boolean chownGiven,
                              boolean keepOwners) {
        public static final TreeOptions PLAIN = new TreeOptions(false, DockerIgnore.none(), null, false, false);
    }

    /** Plans copying a tree's sources with the given options. */
    public void copyFromContext(BuildContext context, List<String> sources, String destination, TreeOptions options)
            throws CopyException, ContextException, IOException {
        Path spool = options.spool();
        boolean chownGiven = options.chownGiven();
        List<String> matches = new ArrayList<>();
        Map<String, String> kept = new HashMap<>();
        for (String source : sources) {
            String pivot = pivotPrefix(source);
            for (String match : context.match(source)) {
                if (!options.excludes().excludes(match)) {
                    matches.add(match);
                    kept.put(match, options.parents() ? match.substring(Math.min(pivot.length(), match.length()))
                            : null);
                }
            }
        }
        boolean intoDirectory = destination.endsWith("/") || image.isDirectory(destination);
        if (matches.size() > 1 && !intoDirectory) {
            throw new CopyException("copying " + matches.size() + " sources needs a directory destination ending "
                    + "in /, such as " + destination + "/");
        }
        String dest = ImageFiles.clean(destination);
        Map<Object, String> inodes = new HashMap<>();
        boolean keepOwners = options.keepOwners() && !chownGiven;
        for (String match : matches) {
            Path file = context.resolve(match);
            String parents = kept.get(match);
            if (Files.isDirectory(file)) {
                String root = parents == null ? dest : join(dest, parents);
                ensureDestinationDirectory(root);
                for (String relative : context.walk(match)) {
                    if (options.excludes().excludes(relative)
                            || options.excludes().excludes(match.isEmpty() ? relative : match + "/" + relative)) {
                        continue;
                    }
                    addContextEntry(join(root, relative), file.resolve(relative), inodes, keepOwners);
                }
            } else if (parents != null) {
                addContextEntry(join(dest, parents), file, inodes, keepOwners);
            } else if (spool != null && Archives.isTar(file)) {
                unpackArchive(file, "/" + dest + "/", spool, chownGiven);
            } else {
                String name = match.substring(match.lastIndexOf('/') + 1);
                String target = intoDirectory ? join(dest, name) : dest;
                requireNotDirectory(target, match);
                addContextEntry(target, file, inodes, keepOwners);
            }
        }
    }

    /**
     * Plans the contents of a tar archive unpacked into a destination directory, keeping the archive's modes, owners
     * (unless {@code --chown} was given), times and links. File contents are spooled to {@code spool}.
     */
    public void unpackArchive(Path archive, String destination, Path spool, boolean chownGiven)
            throws CopyException, IOException {
        String dest = ImageFiles.clean(destination);
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Archives.open(archive))) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = ImageFiles.clean(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                String target = join(dest, name);
                int uid = chownGiven ? owner.uid() : (int) entry.getLongUserId();
                int gid = chownGiven ? owner.gid() : (int) entry.getLongGroupId();
                int mode = chmod == null ? entry.getMode() & 07777 : chmod.apply(entry.getMode(), entry.isDirectory());
                Instant modified = entry.getModTime().toInstant();
                if (entry.isDirectory()) {
                    put(new LayerEntry.Directory(target, mode, uid, gid, modified));
                } else if (entry.isSymbolicLink()) {
                    put(new LayerEntry.Symlink(target, entry.getLinkName(), uid, gid, modified));
                } else if (entry.isLink()) {
                    put(new LayerEntry.Hardlink(target, join(dest, ImageFiles.clean(entry.getLinkName())), mode, uid,
                            gid, modified));
                } else if (RootfsExtractor.isRegularFile(entry)) {
                    Path spooled = Files.createTempFile(spool, "unpacked", "");
                    Files.copy(tar, spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    put(new LayerEntry.RegularFile(target, mode, uid, gid, modified,
                            LayerEntry.Content.ofFile(spooled, Files.size(spooled))));
                }
            }
        }
    }

    /** Plans a downloaded file (ADD of a URL): mode 0600 unless --chmod says otherwise. */
    public void copyDownload(Path file, String name, String destination, Instant modified) throws CopyException,
            IOException {
        String dest = ImageFiles.clean(destination);
        String target = destination.endsWith("/") || image.isDirectory(destination) ? join(dest, name) : dest;
        requireNotDirectory(target, name);
        int mode = chmod == null ? 0600 : chmod.apply(0600, false);
        put(new LayerEntry.RegularFile(target, mode, owner.uid(), owner.gid(), modified,
                LayerEntry.Content.ofFile(file, Files.size(file))));
    }

    /** The part of a source before a {@code ./} pivot, which --parents does not keep; empty without one. */
    private static String pivotPrefix(String source) {
        String relative = source.replaceFirst("^(\\./|/)+", "");
        int pivot = relative.indexOf("/./");
        return pivot < 0 ? "" : relative.substring(0, pivot + 1);
    }

    /** Plans a file whose content is a here-document. */
    public void copyHeredoc(Heredoc heredoc, String content, String destination) throws CopyException {
        String dest = ImageFiles.clean(destination);
        String target = destination.endsWith("/") || image.isDirectory(destination) ? join(dest, heredoc.name()) : dest;
        requireNotDirectory(target, heredoc.name());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int mode = chmod == null ? 0644 : chmod.apply(0644, false);
        put(new LayerEntry.RegularFile(target, mode, owner.uid(), owner.gid(), CREATED_DIRECTORY_TIME,
                new BytesContent(bytes)));
    }

    /** Plans a directory to exist (for WORKDIR), with missing parents. */
    public void ensureDirectory(String path) throws CopyException {
        ensureDestinationDirectory(ImageFiles.clean(path));
    }

    /**
     * The directory a copy goes into: left as it is when the image (or this copy) has it, else created as BuildKit
     * creates it, with the mode and owner of created directories rather than the source's.
     */
    private void ensureDestinationDirectory(String dest) throws CopyException {
        if (!dest.isEmpty() && !image.isDirectory(dest) && !(entries.get(dest) instanceof LayerEntry.Directory)) {
            put(new LayerEntry.Directory(dest, createdDirectoryMode(), owner.uid(), owner.gid(),
                    CREATED_DIRECTORY_TIME));
        }
    }

    private void addContextEntry(String target, Path file, Map<Object, String> inodes, boolean keepOwners)
            throws IOException, CopyException {
        Map<String, Object> attributes = Files.readAttributes(file,
                "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        Instant modified = time(attributes);
        int uid = keepOwners ? (Integer) attributes.get("uid") : owner.uid();
        int gid = keepOwners ? (Integer) attributes.get("gid") : owner.gid();
        if (Files.isSymbolicLink(file)) {
            put(new LayerEntry.Symlink(target, Files.readSymbolicLink(file).toString(), uid, gid, modified));
        } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            put(new LayerEntry.Directory(target, mode(attributes, true), uid, gid, modified));
        } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            int mode = mode(attributes, false);
            String first = (Integer) attributes.get("nlink") > 1
                    ? inodes.putIfAbsent(List.of(attributes.get("dev"), attributes.get("ino")), target) : null;
            if (first != null) {
                put(new LayerEntry.Hardlink(target, first, mode, uid, gid, modified));
            } else {
                put(new LayerEntry.RegularFile(target, mode, uid, gid, modified,
                        LayerEntry.Content.ofFile(file, (Long) attributes.get("size"))));
            }
        }
    }

    /** BuildKit creates directories with an octal --chmod's mode, else 0755 (a symbolic --chmod does not count). */
    private int createdDirectoryMode() {
        return chmod == null ? 0755 : chmod.octal().orElse(0755);
    }

    private void requireNotDirectory(String target, String source) throws CopyException {
        if (image.lookup(target).map(FileInfo::isDirectory).orElse(false)
                || entries.get(target) instanceof LayerEntry.Directory) {
            throw new CopyException("cannot copy file '" + source + "' to /" + target
                    + ", which is a directory; end the destination with / to copy into it");
        }
    }

    private int mode(Map<String, Object> attributes, boolean directory) {
        int mode = (Integer) attributes.get("mode") & 07777;
        return chmod == null ? mode : chmod.apply(mode, directory);
    }

    private static Instant time(Map<String, Object> attributes) {
        return ((FileTime) attributes.get("lastModifiedTime")).toInstant();
    }

    /** Adds the entry, at its real path in the image, after the parent directories it needs. */
    private void put(LayerEntry entry) throws CopyException {
        if (entry.namedLikeAWhiteout()) {
            throw new CopyException("cannot copy /" + entry.path() + ": a layer cannot hold a file named .wh.*, "
                    + "as image readers take it for the deletion of a file; rename it");
        }
        String path = image.realParentPath(entry.path());
        if (!path.equals(entry.path())) {
            entry = relocate(entry, path);
        }
        int slash = path.indexOf('/');
        while (slash > 0) {
            String parent = path.substring(0, slash);
            if (!entries.containsKey(parent)) {
                entries.put(parent, parentDirectory(parent));
            }
            slash = path.indexOf('/', slash + 1);
        }
        entries.put(path, entry);
    }

    private static LayerEntry relocate(LayerEntry entry, String path) {
        return switch (entry) {
            case LayerEntry.Directory d -> new LayerEntry.Directory(path, d.mode(), d.uid(), d.gid(), d.modified());
            case LayerEntry.RegularFile f -> new LayerEntry.RegularFile(path, f.mode(), f.uid(), f.gid(), f.modified(),
                    f.content());
            case LayerEntry.Symlink l -> new LayerEntry.Symlink(path, l.target(), l.uid(), l.gid(), l.modified());
            case LayerEntry.Hardlink h -> new LayerEntry.Hardlink(path, h.target(), h.mode(), h.uid(), h.gid(),
                    h.modified());
            case LayerEntry.Fifo p -> new LayerEntry.Fifo(path, p.mode(), p.uid(), p.gid(), p.modified());
            case LayerEntry.Whiteout w -> new LayerEntry.Whiteout(path);
        };
    }

    /** A parent directory: as the image has it, or created with the copy's owner (root unless --chown). */
    private LayerEntry.Directory parentDirectory(String path) {
        return image.lookup(path).filter(FileInfo::isDirectory)
                .map(info -> new LayerEntry.Directory(path, info.mode(), info.uid(), info.gid(), info.modified()))
                .orElse(new LayerEntry.Directory(path, createdDirectoryMode(), owner.uid(), owner.gid(),
                        CREATED_DIRECTORY_TIME));
    }

    private static String join(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    /** Content held in memory, such as a here-document. */
    private record BytesContent(byte[] bytes) implements LayerEntry.Content {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }
}
