package dev.berth.builder.image;

import dev.berth.builder.layer.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies layers to a directory, in order, with whiteouts. Every path is resolved inside the root as if the root were
 * {@code /} (symlinks included), so no entry can write outside it; device nodes are skipped.
 */
public final class RootfsExtractor {

    private static final boolean IS_ROOT = "root".equals(System.getProperty("user.name"));

    private final LayerReader reader;

    public RootfsExtractor(LayerReader reader) {
        this.reader = reader;
    }

    public void extract(Iterable<Layer> layers, Path root) throws IOException {
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        for (Layer layer : layers) {
            applyLayer(layer, realRoot, null);
        }
    }

    /** Applies one layer; binary extended attributes commons-compress could not decode are read raw afterwards. */
    private void applyLayer(Layer layer, Path realRoot, OverlayMarks marks) throws IOException {
        Map<String, Path> binaryXattrs = new HashMap<>();
        try (TarArchiveInputStream tar = reader.open(layer.blob())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path written = apply(realRoot, entry, tar, marks);
                if (written != null && hasBinaryXattrs(entry)) {
                    binaryXattrs.put(entry.getName(), written);
                }
            }
        }
        if (!binaryXattrs.isEmpty() && IS_ROOT) {
            try (InputStream plain = reader.openPlain(layer.blob())) {
                for (var raw : RawPax.xattrs(plain).entrySet()) {
                    Path target = binaryXattrs.get(raw.getKey());
                    if (target != null) {
                        for (var xattr : raw.getValue().entrySet()) {
                            setXattr(target, xattr.getKey(), xattr.getValue());
                        }
                    }
                }
            }
        }
    }

    private static boolean hasBinaryXattrs(TarArchiveEntry entry) {
        return entry.getExtraPaxHeaders().entrySet().stream().anyMatch(header ->
                header.getKey().startsWith("SCHILY.xattr.") && header.getValue().chars().anyMatch(c -> c > 0x7f));
    }

    /**
     * Extracts one layer into an empty directory in overlayfs's format, to serve as a lower directory: whiteouts
     * become 0/0 character devices and opaque markers the {@code trusted.overlay.opaque} attribute, both made by
     * {@code marks}.
     */
    public void extractForOverlay(Layer layer, Path directory, OverlayMarks marks) throws IOException {
        Files.createDirectories(directory);
        applyLayer(layer, directory.toRealPath(), marks);
    }

    /** Makes overlayfs's whiteout and opaque marks, which need tools the JDK lacks (mknod, setfattr). */
    public interface OverlayMarks {
        void whiteout(Path path) throws IOException;

        void opaque(Path directory) throws IOException;
    }

    /** Applies one entry; returns the file or directory it wrote, or null when it wrote none. */
    private static Path apply(Path root, TarArchiveEntry entry, TarArchiveInputStream tar, OverlayMarks marks)
            throws IOException {
        String path = ImageFiles.clean(entry.getName());
        if (path.isEmpty()) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String parentPath = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        Path parent = resolveInside(root, parentPath, true);
        Files.createDirectories(parent);
        if (name.equals(".wh..wh..opq") && marks != null) {
            marks.opaque(parent);
            return null;
        }
        if (name.equals(".wh..wh..opq")) {
            try (Stream<Path> children = Files.list(parent)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
            return null;
        }
        if (name.startsWith(".wh.")) {
            String hidden = name.substring(4);
            if (!hidden.isEmpty() && !hidden.equals(".") && !hidden.equals("..")) {
                deleteTree(parent.resolve(hidden));
                if (marks != null) {
                    marks.whiteout(parent.resolve(hidden));
                }
            }
            return null;
        }
        Path target = parent.resolve(name);
        if (entry.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(target);
                Files.createDirectory(target);
            }
        } else if (entry.isSymbolicLink()) {
            deleteTree(target);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            own(target, entry);
            return null;
        } else if (entry.isLink()) {
            Path source = resolveInside(root, ImageFiles.clean(entry.getLinkName()), false);
            deleteTree(target);
            if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                Files.createLink(target, source);
            }
            return null;
        } else if (isRegularFile(entry)) {
            deleteTree(target);
            Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        } else if (entry.isFIFO()) {
            deleteTree(target);
            makeFifo(target);
            own(target, entry);
            Files.setAttribute(target, "unix:mode", entry.getMode() & 07777);
            return target; // no times: the JDK sets them through open(2), which waits for a writer on a pipe
        } else {
            return null;
        }
        own(target, entry);
        Files.setAttribute(target, "unix:mode", entry.getMode() & 07777);
        restoreXattrs(target, entry);
        Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
        return target;
    }

    /**
     * Sets the entry's text extended attributes (as root, with setfattr). commons-compress reads PAX values as UTF-8
     * text; binary ones (bytes over 0x7f) are set afterwards from the raw headers.
     */
    private static void restoreXattrs(Path target, TarArchiveEntry entry) throws IOException {
        if (!IS_ROOT) {
            return;
        }
        for (var header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            String value = header.getValue();
            if (!key.startsWith("SCHILY.xattr.") || value.chars().anyMatch(c -> c > 0x7f)) {
                continue;
            }
            setXattr(target, key.substring("SCHILY.xattr.".length()),
                    value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** Makes a named pipe with mkfifo (coreutils), which the JDK cannot. */
    private static void makeFifo(Path target) throws IOException {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", target.toString()).redirectErrorStream(true).start();
            String output = new String(mkfifo.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (mkfifo.waitFor() != 0) {
                throw new IOException("cannot make the named pipe " + target + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making the named pipe " + target, e);
        }
    }

    /** Sets one extended attribute with setfattr; a missing tool or refusal leaves the file without it. */
    private static void setXattr(Path target, String name, byte[] value) throws IOException {
        String encoded = "0s" + java.util.Base64.getEncoder().encodeToString(value);
        try {
            new ProcessBuilder("setfattr", "-h", "-n", name, "-v", encoded, target.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException noSetfattr) {
            // Without the attr tools, attributes are not restored.
        }
    }

    /** Gives the path the entry's owner, when the builder may (as root); otherwise files stay the builder's. */
    private static void own(Path target, TarArchiveEntry entry) throws IOException {
        if (!IS_ROOT) {
            return;
        }
        Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The real path of {@code relative} under root, following symlinks as a process chrooted there would; never
     * outside root. With {@code followLast} false, the last component is not followed.
     */
    public static Path resolveInside(Path root, String relative, boolean followLast) throws IOException {
        Path current = root;
        String[] parts = relative.isEmpty() ? new String[0] : relative.split("/");
        int hops = 0;
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(java.util.List.of(parts));
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            boolean last = pending.isEmpty();
            if (Files.isSymbolicLink(next) && (!last || followLast)) {
                if (++hops > 40) {
                    throw new IOException("too many symlinks resolving /" + relative);
                }
                String target = Files.readSymbolicLink(next).toString();
                java.util.List<String> expanded = new java.util.ArrayList<>(java.util.List.of(target.split("/")));
                expanded.addAll(pending);
                pending.clear();
                pending.addAll(expanded);
                if (target.startsWith("/")) {
                    current = root;
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    /** Deletes a file or a directory tree, without following symlinks; absent is fine. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> tree = Files.walk(path)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (DirectoryNotEmptyException ignored) {
                        // A concurrent entry; the walk removes it next.
                    }
                }
            }
        } else {
            Files.delete(path);
        }
    }

    /** Whether a tar entry is a regular file (commons-compress counts devices and FIFOs as files too). */
    public static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO()
                && !entry.isLink() && !entry.isSymbolicLink();
    }
}
