package dev.berth.builder.output;

import dev.berth.cache.files.SiblingTempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The two places an exported image goes: a directory, or a tar stream (a file, or standard output). */
public final class Sinks {

    private Sinks() {
    }

    public static OciLayoutWriter.ArchiveSink directory(Path root) throws IOException {
        Files.createDirectories(root);
        return new OciLayoutWriter.ArchiveSink() {
            @Override
            public void directory(String path) throws IOException {
                Files.createDirectories(root.resolve(path));
            }

            @Override
            public void file(String path, long size, InputStream content) throws IOException {
                Path target = root.resolve(path);
                Path temp = SiblingTempFiles.create(target);
                Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        };
    }

    /** A tar stream; close the returned archive to finish it. */
    public static TarSink tar(OutputStream out) {
        return new TarSink(out);
    }

    /** Writes entries to a tar, with fixed times and root ownership so the archive is reproducible. */
    public static final class TarSink implements OciLayoutWriter.ArchiveSink, AutoCloseable {
        private final TarArchiveOutputStream tar;

        TarSink(OutputStream out) {
            this.tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        @Override
        public void directory(String path) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setMode(0755);
            entry.setModTime(new Date(0));
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }

        @Override
        public void file(String path, long size, InputStream content) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setMode(0644);
            entry.setSize(size);
            entry.setModTime(new Date(0));
            tar.putArchiveEntry(entry);
            content.transferTo(tar);
            tar.closeArchiveEntry();
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
