package dev.berth.builder.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a path of a root filesystem is, enough to tell whether a command changed it. Its type is {@code d}irectory,
 * {@code f}ile, symbolic {@code l}ink, named {@code p}ipe or {@code o}ther (sockets and devices).
 */
record FileState(char type, int mode, int uid, int gid, long size, long modified, long changed, long inode,
                 int links, String linkTarget) {

    /** The file-type bits of {@code st_mode}, and the type of a named pipe. */
    static final int S_IFMT = 0170000;
    static final int S_IFIFO = 0010000;

    /** Every path under root (relative, without leading slash), with its state. */
    static TreeMap<String, FileState> scan(Path root) throws IOException {
        TreeMap<String, FileState> states = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(root)) {
                    states.put(root.relativize(dir).toString(), of(dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                states.put(root.relativize(file).toString(), of(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return states;
    }

    static FileState of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path,
                "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino,nlink", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        char type = Files.isSymbolicLink(path) ? 'l' : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? 'd'
                : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? 'f' : (mode & S_IFMT) == S_IFIFO ? 'p' : 'o';
        return new FileState(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")), (Long) a.get("ino"),
                (Integer) a.get("nlink"),
                type == 'l' ? Files.readSymbolicLink(path).toString() : null);
    }

    private static long nanos(Object time) {
        java.time.Instant instant = ((FileTime) time).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /**
     * Whether a command changed the path: content, metadata or (through the change time) extended attributes; for a
     * directory, its own metadata, which adding or removing entries touches.
     */
    boolean differsFrom(FileState before) {
        return type != before.type || mode != before.mode || uid != before.uid || gid != before.gid
                || modified != before.modified || inode != before.inode
                || (type != 'd' && changed != before.changed)
                || (type != 'd' && size != before.size)
                || (linkTarget != null && !linkTarget.equals(before.linkTarget));
    }
}
