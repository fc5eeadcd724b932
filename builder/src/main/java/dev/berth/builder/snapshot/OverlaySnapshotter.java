package dev.berth.builder.snapshot;

import dev.berth.builder.image.RootfsExtractor;
import dev.berth.builder.layer.Layer;
import dev.berth.builder.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Snapshots on overlayfs: each layer is extracted once per diff ID and reused as a lower directory; a step writes to
 * a fresh upper directory, which is its layer: new and changed files, whiteouts (0/0 character devices) and opaque
 * directories ({@code trusted.overlay.opaque}). Needs root, overlayfs, and the {@code attr} tools.
 */
public final class OverlaySnapshotter implements Snapshotter {

    private static final int S_IFCHR = 0020000;

    private final RootfsExtractor extractor;
    private final Path layers;
    private final Path scratch;

    public OverlaySnapshotter(RootfsExtractor extractor, Path layers, Path scratch) {
        this.extractor = extractor;
        this.layers = layers;
        this.scratch = scratch;
    }

    /** Whether overlay snapshots work here: tools present and a test mount succeeds. */
    public static boolean available(Path scratch) {
        if (!Commands.exists("setfattr") || !Commands.exists("getfattr")) {
            return false;
        }
        Path probe = scratch.resolve("overlay-probe-" + UUID.randomUUID());
        try {
            for (String dir : List.of("lower", "upper", "work", "merged")) {
                Files.createDirectories(probe.resolve(dir));
            }
            mount(List.of(probe.resolve("lower")), probe.resolve("upper"), probe.resolve("work"),
                    probe.resolve("merged"));
            Commands.run("umount", probe.resolve("merged").toString());
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                RootfsExtractor.deleteTree(probe);
            } catch (IOException ignored) {
                // A leftover probe directory is harmless.
            }
        }
    }

    @Override
    public Snapshot prepare(List<Layer> image, Set<String> mountFiles, Set<String> mountDirectories)
            throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (Layer layer : image) {
            lowers.addFirst(extracted(layer));
        }
        Path base = Files.createDirectories(scratch.resolve("overlay").resolve(UUID.randomUUID().toString()));
        Path mountpoints = Files.createDirectories(base.resolve("mountpoints"));
        for (String directory : mountDirectories) {
            Files.createDirectories(mountpoints.resolve(directory));
        }
        for (String file : mountFiles) {
            Path target = mountpoints.resolve(file);
            Files.createDirectories(target.getParent());
            Files.createFile(target);
        }
        lowers.addFirst(mountpoints);
        Path upper = Files.createDirectories(base.resolve("upper"));
        Path work = Files.createDirectories(base.resolve("work"));
        Path merged = Files.createDirectories(base.resolve("merged"));
        mount(lowers, upper, work, merged);
        Thread unmount = new Thread(() -> {
            try {
                Commands.run("umount", "--lazy", merged.toString());
            } catch (IOException ignored) {
                // Already unmounted.
            }
        }, "berth-snapshot-cleanup");
        Runtime.getRuntime().addShutdownHook(unmount);
        return new OverlaySnapshot(base, merged, upper, lowers, unmount);
    }

    /** The layer's lower directory, extracted on first use (into a temp name, then renamed into place). */
    private synchronized Path extracted(Layer layer) throws IOException {
        Path directory = layers.resolve(layer.diffId().hex());
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path temp = Files.createDirectories(layers).resolve(".tmp-" + UUID.randomUUID());
        try {
            extractor.extractForOverlay(layer, temp, new RootfsExtractor.OverlayMarks() {
                @Override
                public void whiteout(Path path) throws IOException {
                    Commands.run("mknod", path.toString(), "c", "0", "0");
                }

                @Override
                public void opaque(Path directory) throws IOException {
                    Commands.run("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", directory.toString());
                }
            });
            Files.move(temp, directory, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            RootfsExtractor.deleteTree(temp);
        }
        return directory;
    }

    private static void mount(List<Path> lowers, Path upper, Path work, Path merged) throws IOException {
        StringBuilder lowerdir = new StringBuilder();
        for (Path lower : lowers) {
            lowerdir.append(lowerdir.isEmpty() ? "" : ":").append(lower);
        }
        Commands.run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lowerdir + ",upperdir=" + upper
                + ",workdir=" + work, merged.toString());
    }

    private record OverlaySnapshot(Path base, Path merged, Path upper, List<Path> lowers, Thread unmountOnExit)
            implements Snapshot {

        @Override
        public Path rootfs() {
            return merged;
        }

        @Override
        public List<LayerEntry> changes(Set<String> leaveOut) throws IOException {
            TreeMap<String, FileState> states = FileState.scan(upper);
            Set<String> opaque = opaqueDirectories(states.entrySet().stream()
                    .filter(e -> e.getValue().type() == 'd').map(Map.Entry::getKey).toList());
            List<LayerEntry> entries = new ArrayList<>();
            Map<Long, String> inodes = new HashMap<>();
            for (var change : states.entrySet()) {
                String path = change.getKey();
                FileState state = change.getValue();
                if (leaveOut.contains(path) && !inLowers(path)) {
                    continue;
                }
                Path file = upper.resolve(path);
                Map<String, Object> raw = Files.readAttributes(file, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) raw.get("mode");
                if ((mode & FileState.S_IFMT) == S_IFCHR && (Long) raw.get("rdev") == 0) {
                    entries.add(new LayerEntry.Whiteout(path));
                    continue;
                }
                Instant modified = Instant.ofEpochSecond(0, state.modified());
                switch (state.type()) {
                    case 'd' -> {
                        entries.add(new LayerEntry.Directory(path, state.mode(), state.uid(), state.gid(), modified));
                        if (opaque.contains(path)) {
                            entries.add(LayerEntry.Whiteout.opaque(path));
                        }
                    }
                    case 'l' -> entries.add(new LayerEntry.Symlink(path, state.linkTarget(), state.uid(), state.gid(),
                            modified));
                    case 'f' -> {
                        String first = state.links() > 1 ? inodes.putIfAbsent(state.inode(), path) : null;
                        entries.add(first != null
                                ? new LayerEntry.Hardlink(path, first, state.mode(), state.uid(), state.gid(), modified)
                                : new LayerEntry.RegularFile(path, state.mode(), state.uid(), state.gid(), modified,
                                        LayerEntry.Content.ofFile(file, state.size())));
                    }
                    case 'p' -> entries.add(new LayerEntry.Fifo(path, state.mode(), state.uid(), state.gid(),
                            modified));
                    default -> {
                        // Sockets and devices other than whiteouts do not go into layers.
                    }
                }
            }
            return CopySnapshotter.withXattrs(upper, entries);
        }

        private boolean inLowers(String path) {
            return lowers.stream().skip(1).anyMatch(lower -> Files.exists(lower.resolve(path),
                    LinkOption.NOFOLLOW_LINKS));
        }

        /** The directories overlayfs marked opaque (removed and made again in this step). */
        private Set<String> opaqueDirectories(List<String> directories) throws IOException {
            Set<String> opaque = new HashSet<>();
            for (int from = 0; from < directories.size(); from += 500) {
                List<String> command = new ArrayList<>(List.of("getfattr", "-h", "--absolute-names", "-d", "-m",
                        "^trusted\\.overlay\\.opaque$"));
                directories.subList(from, Math.min(directories.size(), from + 500))
                        .forEach(directory -> command.add(upper.resolve(directory).toString()));
                collectOpaque(Commands.run(command.toArray(String[]::new)), opaque);
            }
            return opaque;
        }

        private void collectOpaque(String dump, Set<String> opaque) {
            String current = null;
            for (String line : dump.split("\n")) {
                if (line.startsWith("# file: ")) {
                    current = line.substring("# file: ".length());
                } else if (line.startsWith("trusted.overlay.opaque=\"y\"") && current != null) {
                    opaque.add(upper.relativize(Path.of(current)).toString());
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                Commands.run("umount", merged.toString());
            } catch (IOException notMounted) {
                // Already unmounted, or never mounted.
            }
            try {
                Runtime.getRuntime().removeShutdownHook(unmountOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook unmounts.
            }
            RootfsExtractor.deleteTree(base);
        }
    }
}
