package dev.berth.cli;

import dev.berth.builder.copy.Archives;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What {@code berth build} reads from standard input, as {@code docker build} does: {@code -f -} is the Dockerfile,
 * and a context of {@code -} is a tar of the context (plain or compressed) or, when it is no archive, a Dockerfile
 * without a context. Both are spooled to a temporary directory first, in the calling process, so that a build in the
 * daemon reads files like any other; {@link #close()} deletes them.
 */
final class StandardInput implements AutoCloseable {

    private final List<String> args;
    private final Path spool;

    private StandardInput(List<String> args, Path spool) {
        this.args = List.copyOf(args);
        this.spool = spool;
    }

    /** The build arguments with every {@code -} replaced by the spooled file or directory. */
    List<String> args() {
        return args;
    }

    /** Spools what the arguments take from standard input; without a {@code -} it reads nothing. */
    static StandardInput spool(List<String> buildArgs, InputStream in) throws IOException {
        List<String> args = new ArrayList<>(buildArgs);
        int dockerfile = -1;
        int context = -1;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean fileOption = i > 0 && (args.get(i - 1).equals("-f") || args.get(i - 1).equals("--file"));
            if (arg.equals("-") && fileOption) {
                dockerfile = i;
            } else if (arg.equals("--file=-") || arg.equals("-f-")) {
                args.set(i, "--file");
                args.add(i + 1, "-");
                dockerfile = i + 1;
            } else if (arg.equals("-")) {
                context = i;
            }
        }
        if (dockerfile < 0 && context < 0) {
            return new StandardInput(args, null);
        }
        if (dockerfile >= 0 && context >= 0) {
            throw new IllegalArgumentException("standard input can be the Dockerfile (-f -) or the context (-), "
                    + "not both");
        }
        Path spool = Files.createTempDirectory("berth-stdin");
        try {
            Path received = spool.resolve("stdin");
            Files.copy(in, received);
            if (dockerfile >= 0) {
                args.set(dockerfile, received.toString());
            } else if (Archives.isTar(received)) {
                Path tree = Files.createDirectory(spool.resolve("context"));
                extract(received, tree);
                args.set(context, tree.toString());
            } else {
                Path empty = Files.createDirectory(spool.resolve("context"));
                Files.move(received, empty.resolve("Dockerfile"), StandardCopyOption.ATOMIC_MOVE);
                args.set(context, empty.toString());
            }
            return new StandardInput(args, spool);
        } catch (IOException | RuntimeException e) {
            new StandardInput(args, spool).close();
            throw e;
        }
    }

    /** Extracts a context archive: files, directories and links, nothing outside the directory. */
    private static void extract(Path archive, Path root) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Archives.open(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("the context archive's entry " + entry.getName() + " points outside it");
                }
                if (target.equals(root)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Path source = root.resolve(entry.getLinkName()).normalize();
                    if (source.startsWith(root) && Files.isRegularFile(source)) {
                        Files.createLink(target, source);
                    }
                } else if (entry.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString(
                            (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    @Override
    public void close() {
        if (spool == null) {
            return;
        }
        try (var paths = Files.walk(spool)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the spooled standard input " + spool, e);
        }
    }
}
