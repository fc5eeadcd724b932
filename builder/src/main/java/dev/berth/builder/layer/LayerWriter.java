package dev.berth.builder.layer;

import dev.berth.cache.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingOutputStream;
import dev.berth.oci.manifest.Descriptor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes layer entries as a tar in a fixed order (parents before children, names in byte order within a directory),
 * compresses it, and stores it, hashing the tar (the diff ID) and the blob while they stream.
 */
public final class LayerWriter {

    private final ContentStore store;
    public LayerWriter(ContentStore store) {
        this.store = store;
    }

    /**
     * Writes the layer. With {@code clamp} set, no entry is dated after it (SOURCE_DATE_EPOCH), so the same inputs
     * give the same bytes anywhere.
     */
    public Layer write(List<LayerEntry> entries, Compression compression, Instant clamp) throws IOException {
        AtomicReference<Digest> diffId = new AtomicReference<>();
        Descriptor blob = store.write(compression.mediaType(),
                out -> diffId.set(writeTar(entries, clamp, compression.wrap(new BufferedOutputStream(out, 1 << 18)))));
        return new Layer(blob, diffId.get());
    }

    /** Writes the tar to {@code out} (and closes it); the tar's digest. */
    private static Digest writeTar(List<LayerEntry> entries, Instant clamp, OutputStream out) throws IOException {
        DigestingOutputStream tar = new DigestingOutputStream(out, DigestAlgorithm.SHA256);
        try (TarArchiveOutputStream archive = new TarArchiveOutputStream(tar)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            archive.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            archive.setAddPaxHeadersForNonAsciiNames(true);
            for (LayerEntry entry : sorted(entries)) {
                write(archive, entry, clamp);
            }
            archive.finish();
        }
        return tar.digest();
    }

    static List<LayerEntry> sorted(List<LayerEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(LayerEntry::path, LayerWriter::comparePaths)).toList();
    }

    /** Orders paths component by component, so a directory's entries follow it directly. */
    static int comparePaths(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = left[i].compareTo(right[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    /**
     * Writes the entry after a PAX header of our own carrying its path and raw extended attributes, with
     * commons-compress's own PAX headers turned off for it (a second header would replace ours).
     */
    private static void putWithXattrs(TarArchiveOutputStream archive, TarArchiveEntry header,
                                      java.util.Map<String, byte[]> xattrs) throws IOException {
        PaxHeader pax = new PaxHeader();
        pax.put("path", header.getName());
        pax.putXattrs(xattrs);
        byte[] records = pax.bytes();
        String name = header.getName();
        TarArchiveEntry paxEntry = new TarArchiveEntry("PaxHeaders/" + name.substring(0, Math.min(name.length(), 80)),
                TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        paxEntry.setSize(records.length);
        paxEntry.setModTime(header.getModTime());
        archive.putArchiveEntry(paxEntry);
        archive.write(records);
        archive.closeArchiveEntry();
        archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
        archive.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        archive.setAddPaxHeadersForNonAsciiNames(false);
        try {
            archive.putArchiveEntry(header);
        } finally {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            archive.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            archive.setAddPaxHeadersForNonAsciiNames(true);
        }
    }

    private static void write(TarArchiveOutputStream archive, LayerEntry entry, Instant clamp) throws IOException {
        TarArchiveEntry header = switch (entry) {
            case LayerEntry.Directory d -> new TarArchiveEntry(d.path() + "/", TarConstants.LF_DIR);
            case LayerEntry.RegularFile f -> {
                TarArchiveEntry file = new TarArchiveEntry(f.path(), TarConstants.LF_NORMAL);
                file.setSize(f.content().size());
                yield file;
            }
            case LayerEntry.Symlink s -> {
                TarArchiveEntry link = new TarArchiveEntry(s.path(), TarConstants.LF_SYMLINK);
                link.setLinkName(s.target());
                yield link;
            }
            case LayerEntry.Hardlink h -> {
                TarArchiveEntry link = new TarArchiveEntry(h.path(), TarConstants.LF_LINK);
                link.setLinkName(h.target());
                yield link;
            }
            case LayerEntry.Fifo f -> new TarArchiveEntry(f.path(), TarConstants.LF_FIFO);
            case LayerEntry.Whiteout w -> new TarArchiveEntry(w.entryName(), TarConstants.LF_NORMAL);
        };
        header.setMode(entry.mode() & 07777);
        header.setUserId(entry.uid());
        header.setGroupId(entry.gid());
        header.setUserName("");
        header.setGroupName("");
        Instant modified = clamp != null && entry.modified().isAfter(clamp) ? clamp : entry.modified();
        header.setModTime(Date.from(modified));
        if (entry.xattrs().isEmpty()) {
            archive.putArchiveEntry(header);
        } else {
            putWithXattrs(archive, header, entry.xattrs());
        }
        if (entry instanceof LayerEntry.RegularFile file) {
            long expected = file.content().size();
            try (InputStream in = file.content().open()) {
                long copied = in.transferTo(archive);
                if (copied != expected) {
                    throw new IOException("file " + file.path() + " changed while it was being added: "
                            + expected + " bytes expected, " + copied + " read");
                }
            }
        }
        archive.closeArchiveEntry();
    }
}
