package dev.berth.builder.image;

import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An index of an image's flattened filesystem, built from its layers' tar headers with whiteouts applied, so a build
 * can ask whether a path is a directory, who owns it, and read small files such as {@code /etc/passwd}, without
 * extracting anything.
 */
public final class ImageFiles {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final LayerReader reader;
    private final List<Layer> layers = new ArrayList<>();
    private final TreeMap<String, FileInfo> files = new TreeMap<>();

    public ImageFiles(LayerReader reader) {
        this.reader = reader;
    }

    /** Adds a stored layer on top, reading its headers. */
    public void addLayer(Layer layer) throws IOException {
        int index = layers.size();
        layers.add(layer);
        try (TarArchiveInputStream tar = reader.open(layer.blob())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                apply(clean(entry.getName()), entry, index);
            }
        }
    }

    /** Adds a layer this build just wrote, from the entries it was written from. */
    public void addLayer(Layer layer, List<LayerEntry> entries) {
        int index = layers.size();
        layers.add(layer);
        for (LayerEntry entry : entries) {
            if (entry instanceof LayerEntry.Whiteout whiteout) {
                files.remove(whiteout.path());
                removeChildren(whiteout.path());
                continue;
            }
            FileInfo info = switch (entry) {
                case LayerEntry.Directory d -> new FileInfo(FileInfo.Type.DIRECTORY, d.mode(), d.uid(), d.gid(), null,
                        d.modified(), index);
                case LayerEntry.RegularFile f -> new FileInfo(FileInfo.Type.FILE, f.mode(), f.uid(), f.gid(), null,
                        f.modified(), index);
                case LayerEntry.Symlink s -> new FileInfo(FileInfo.Type.SYMLINK, 0777, s.uid(), s.gid(), s.target(),
                        s.modified(), index);
                case LayerEntry.Hardlink h -> new FileInfo(FileInfo.Type.HARDLINK, h.mode(), h.uid(), h.gid(),
                        h.target(), h.modified(), index);
                case LayerEntry.Fifo p -> new FileInfo(FileInfo.Type.OTHER, p.mode(), p.uid(), p.gid(), null,
                        p.modified(), index);
                case LayerEntry.Whiteout w -> throw new IllegalStateException("handled above");
            };
            replace(entry.path(), info);
        }
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** The entry at the path, following symlinks in its parent directories (not in the last component). */
    public Optional<FileInfo> lookup(String path) {
        return Optional.ofNullable(resolveParents(clean(path), 0)).map(files::get);
    }

    /** The entry at the path, following symlinks all the way. */
    public Optional<FileInfo> follow(String path) {
        String resolved = resolveAll(clean(path), 0);
        return resolved == null ? Optional.empty() : Optional.ofNullable(files.get(resolved));
    }

    /**
     * The path with symlinks in its parent directories resolved inside the image (the last component kept), so a
     * write to {@code bin/x} lands in {@code usr/bin/x} when {@code bin} links there. A path that cannot be resolved
     * is returned as is.
     */
    public String realParentPath(String path) {
        String resolved = resolveParents(clean(path), 0);
        return resolved == null ? clean(path) : resolved;
    }

    public boolean isDirectory(String path) {
        return follow(path).map(FileInfo::isDirectory).orElse(false);
    }

    /** The content of a (small) file, such as /etc/passwd; empty if the image has no such file. */
    public Optional<byte[]> read(String path) throws IOException {
        String resolved = resolveAll(clean(path), 0);
        FileInfo info = resolved == null ? null : files.get(resolved);
        if (info == null || info.type() != FileInfo.Type.FILE) {
            return Optional.empty();
        }
        try (TarArchiveInputStream tar = reader.open(layers.get(info.layer()).blob())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (clean(entry.getName()).equals(resolved)) {
                    return Optional.of(tar.readAllBytes());
                }
            }
        }
        return Optional.empty();
    }

    private void apply(String path, TarArchiveEntry entry, int layer) {
        if (path.isEmpty()) {
            return;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        if (name.equals(OPAQUE)) {
            removeChildren(parent);
            return;
        }
        if (name.startsWith(WHITEOUT)) {
            String target = (parent.isEmpty() ? "" : parent + "/") + name.substring(WHITEOUT.length());
            files.remove(target);
            removeChildren(target);
            return;
        }
        FileInfo.Type type = entry.isDirectory() ? FileInfo.Type.DIRECTORY
                : entry.isSymbolicLink() ? FileInfo.Type.SYMLINK
                : entry.isLink() ? FileInfo.Type.HARDLINK
                : RootfsExtractor.isRegularFile(entry) ? FileInfo.Type.FILE : FileInfo.Type.OTHER;
        String link = entry.isSymbolicLink() || entry.isLink() ? entry.getLinkName() : null;
        replace(path, new FileInfo(type, entry.getMode() & 07777, (int) entry.getLongUserId(),
                (int) entry.getLongGroupId(), link, entry.getModTime().toInstant(), layer));
    }

    private void replace(String path, FileInfo info) {
        FileInfo previous = files.put(path, info);
        if (previous != null && previous.isDirectory() && !info.isDirectory()) {
            removeChildren(path);
        }
    }

    private void removeChildren(String directory) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        Map<String, FileInfo> below = prefix.isEmpty() ? files : files.subMap(prefix, prefix + Character.MAX_VALUE);
        below.clear();
    }

    private String resolveParents(String path, int depth) {
        if (depth > 40 || path.isEmpty()) {
            return path;
        }
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return path;
        }
        String parent = resolveAll(path.substring(0, slash), depth + 1);
        return parent == null ? null : (parent.isEmpty() ? "" : parent + "/") + path.substring(slash + 1);
    }

    private String resolveAll(String path, int depth) {
        if (depth > 40) {
            return null;
        }
        String resolved = resolveParents(path, depth);
        if (resolved == null) {
            return null;
        }
        FileInfo info = files.get(resolved);
        if (info != null && info.type() == FileInfo.Type.SYMLINK) {
            String target = info.linkTarget();
            String base = resolved.contains("/") ? resolved.substring(0, resolved.lastIndexOf('/')) : "";
            String joined = target.startsWith("/") ? target : (base.isEmpty() ? "" : base + "/") + target;
            return resolveAll(clean(joined), depth + 1);
        }
        return resolved;
    }

    /** A path relative to the image root, without leading {@code ./} or {@code /}, {@code ..} resolved inside. */
    public static String clean(String path) {
        String normalized = java.nio.file.Path.of("/" + path).normalize().toString();
        return normalized.equals("/") ? "" : normalized.substring(1);
    }
}
