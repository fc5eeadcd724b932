package dev.berth.builder.snapshot;

import dev.berth.builder.image.RootfsExtractor;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The snapshotter that works anywhere: it extracts the layers into a fresh directory, remembers every path's state,
 * and after the step compares: new and changed paths become entries, vanished ones whiteouts.
 */
public final class CopySnapshotter implements Snapshotter {

    private final RootfsExtractor extractor;
    private final Path scratch;

    public CopySnapshotter(RootfsExtractor extractor, Path scratch) {
        this.extractor = extractor;
        this.scratch = scratch;
    }

    @Override
    public Snapshot prepare(List<Layer> layers, Set<String> mountFiles, Set<String> mountDirectories)
            throws IOException {
        Path rootfs = Files.createDirectories(scratch.resolve("snapshots").resolve(UUID.randomUUID().toString()));
        try {
            extractor.extract(layers, rootfs);
            Path real = rootfs.toRealPath();
            for (String directory : mountDirectories) {
                Files.createDirectories(RootfsExtractor.resolveInside(real, directory, true));
            }
            for (String file : mountFiles) {
                Path target = RootfsExtractor.resolveInside(real, file, true);
                Files.createDirectories(target.getParent());
                if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(target);
                }
            }
            return new CopySnapshot(rootfs, FileState.scan(rootfs));
        } catch (IOException | RuntimeException e) {
            RootfsExtractor.deleteTree(rootfs);
            throw e;
        }
    }

    /** The entries, files and directories given the extended attributes they have under root. */
    static List<LayerEntry> withXattrs(Path root, List<LayerEntry> entries) throws IOException {
        List<String> paths = entries.stream()
                .filter(e -> e instanceof LayerEntry.RegularFile || e instanceof LayerEntry.Directory)
                .map(LayerEntry::path).toList();
        Map<String, Map<String, byte[]>> xattrs = Xattrs.read(root, paths);
        if (xattrs.isEmpty()) {
            return entries;
        }
        return entries.stream().map(entry -> {
            Map<String, byte[]> found = xattrs.get(entry.path());
            if (found == null) {
                return entry;
            }
            return switch (entry) {
                case LayerEntry.RegularFile f -> new LayerEntry.RegularFile(f.path(), f.mode(), f.uid(), f.gid(),
                        f.modified(), f.content(), found);
                case LayerEntry.Directory d -> new LayerEntry.Directory(d.path(), d.mode(), d.uid(), d.gid(),
                        d.modified(), found);
                default -> entry;
            };
        }).toList();
    }

    private record CopySnapshot(Path rootfs, TreeMap<String, FileState> before) implements Snapshot {

        @Override
        public List<LayerEntry> changes(Set<String> leaveOut) throws IOException {
            TreeMap<String, FileState> after = FileState.scan(rootfs);
            List<LayerEntry> entries = new ArrayList<>();
            String removedDirectory = null;
            for (var old : before.entrySet()) {
                String path = old.getKey();
                if (removedDirectory != null && path.startsWith(removedDirectory + "/")) {
                    continue;
                }
                removedDirectory = null;
                if (!after.containsKey(path)) {
                    entries.add(new LayerEntry.Whiteout(path));
                    if (old.getValue().type() == 'd') {
                        removedDirectory = path;
                    }
                }
            }
            Map<Long, String> inodes = new HashMap<>();
            for (var now : after.entrySet()) {
                String path = now.getKey();
                FileState state = now.getValue();
                FileState was = before.get(path);
                if (state.type() == 'o' || (was == null && leaveOut.contains(path))) {
                    continue;
                }
                if (was != null && !state.differsFrom(was) && !(state.type() == 'f' && state.links() > 1
                        && inodes.containsKey(state.inode()))) {
                    if (state.type() == 'f' && state.links() > 1) {
                        inodes.putIfAbsent(state.inode(), path);
                    }
                    continue;
                }
                entries.add(entry(path, state, inodes));
            }
            return withXattrs(rootfs, entries);
        }

        private LayerEntry entry(String path, FileState state, Map<Long, String> inodes) throws IOException {
            Instant modified = Instant.ofEpochSecond(0, state.modified());
            Path file = rootfs.resolve(path);
            return switch (state.type()) {
                case 'd' -> new LayerEntry.Directory(path, state.mode(), state.uid(), state.gid(), modified);
                case 'l' -> new LayerEntry.Symlink(path, state.linkTarget(), state.uid(), state.gid(), modified);
                case 'p' -> new LayerEntry.Fifo(path, state.mode(), state.uid(), state.gid(), modified);
                default -> {
                    String first = state.links() > 1 ? inodes.putIfAbsent(state.inode(), path) : null;
                    if (first != null) {
                        yield new LayerEntry.Hardlink(path, first, state.mode(), state.uid(), state.gid(), modified);
                    }
                    yield new LayerEntry.RegularFile(path, state.mode(), state.uid(), state.gid(), modified,
                            LayerEntry.Content.ofFile(file, state.size()));
                }
            };
        }

        @Override
        public void close() throws IOException {
            RootfsExtractor.deleteTree(rootfs);
        }
    }
}
