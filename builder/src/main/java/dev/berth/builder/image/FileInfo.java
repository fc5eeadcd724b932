package dev.berth.builder.image;

/**
 * What the image holds at a path, as far as building needs: type, mode, owner, link target, time, and which layer
 * (by index, bottom first) last wrote it.
 */
public record FileInfo(Type type, int mode, int uid, int gid, String linkTarget, java.time.Instant modified,
                       int layer) {

    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
