package dev.berth.builder.layer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

/** One entry of a layer tar: a path in the image with its type, owner, mode and (for files) content. */
public sealed interface LayerEntry {

    /** The path inside the image, relative, without leading slash, such as {@code usr/bin/app}. */
    String path();

    int uid();

    int gid();

    /** The permission bits, such as 0755 (with setuid/setgid/sticky where set). */
    int mode();

    Instant modified();

    /**
     * Whether this is a file whose name a layer cannot hold: readers of a layer take every {@code .wh.} name as a
     * deletion marker, so a real file named so would silently delete another.
     */
    default boolean namedLikeAWhiteout() {
        String name = path().substring(path().lastIndexOf('/') + 1);
        return !(this instanceof Whiteout) && name.startsWith(".wh.");
    }

    /** Extended attributes (such as {@code security.capability}) by name; none for most entries. */
    default Map<String, byte[]> xattrs() {
        return Map.of();
    }

    record Directory(String path, int mode, int uid, int gid, Instant modified, Map<String, byte[]> xattrs)
            implements LayerEntry {
        public Directory {
            xattrs = Map.copyOf(xattrs);
        }

        public Directory(String path, int mode, int uid, int gid, Instant modified) {
            this(path, mode, uid, gid, modified, Map.of());
        }
    }

    record RegularFile(String path, int mode, int uid, int gid, Instant modified, Content content,
                       Map<String, byte[]> xattrs) implements LayerEntry {
        public RegularFile {
            xattrs = Map.copyOf(xattrs);
        }

        public RegularFile(String path, int mode, int uid, int gid, Instant modified, Content content) {
            this(path, mode, uid, gid, modified, content, Map.of());
        }
    }

    record Symlink(String path, String target, int uid, int gid, Instant modified) implements LayerEntry {
        @Override
        public int mode() {
            return 0777;
        }
    }

    /** A named pipe (made by mkfifo), which BuildKit keeps in layers. */
    record Fifo(String path, int mode, int uid, int gid, Instant modified) implements LayerEntry {
    }

    /** A hard link to another entry of the same layer. */
    record Hardlink(String path, String target, int mode, int uid, int gid, Instant modified) implements LayerEntry {
    }

    /** The deletion of a path that a lower layer has: written as {@code .wh.<name>} beside it. */
    record Whiteout(String path) implements LayerEntry {
        @Override
        public int uid() {
            return 0;
        }

        @Override
        public int gid() {
            return 0;
        }

        @Override
        public int mode() {
            return 0;
        }

        @Override
        public Instant modified() {
            return Instant.EPOCH;
        }

        /** The marker that hides everything lower layers have in the directory ({@code .wh..wh..opq}). */
        public static Whiteout opaque(String directory) {
            return new Whiteout((directory.isEmpty() ? "" : directory + "/") + ".wh..opq");
        }

        /** The tar name of the whiteout entry. */
        public String entryName() {
            int slash = path.lastIndexOf('/');
            return (slash < 0 ? "" : path.substring(0, slash + 1)) + ".wh." + path.substring(slash + 1);
        }
    }

    /** Where a file's bytes come from: a file of the context, a here-document, an extracted image file. */
    interface Content {
        long size();

        InputStream open() throws IOException;

        /** The bytes of a file on disk, read when the layer is written. */
        static Content ofFile(java.nio.file.Path file, long size) {
            return new FileContent(file, size);
        }
    }

    /** File content read from disk when the layer is written. */
    record FileContent(java.nio.file.Path file, long size) implements Content {
        @Override
        public InputStream open() throws IOException {
            return java.nio.file.Files.newInputStream(file);
        }
    }
}
