package dev.berth.cache.disk;

import dev.berth.cache.gc.Condemnation;
import dev.berth.cache.gc.GcMarks;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Garbage collection's marks as small files under {@code gc/}: a touch holds its time, a notice is a name. */
final class DiskGcMarks implements GcMarks {

    private final DiskLayout layout;
    private final DurableFiles files;

    DiskGcMarks(DiskLayout layout, DurableFiles files) {
        this.layout = layout;
        this.files = files;
    }

    @Override
    public void touch(Digest digest, Instant at) throws IOException {
        files.writeAtomically(layout.touched(digest), at.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Optional<Instant> touched(Digest digest) throws IOException {
        try {
            return Optional.of(Instant.parse(Files.readString(layout.touched(digest)).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (DateTimeParseException e) {
            throw new IOException(layout.touched(digest) + " does not hold a time: delete it, and the content counts "
                    + "as referenced when its blob was written");
        }
    }

    @Override
    public void forget(Digest digest) throws IOException {
        Files.deleteIfExists(layout.touched(digest));
    }

    @Override
    public void condemn(Condemnation notice) throws IOException {
        files.writeAtomically(layout.condemned().resolve(notice.name()), new byte[0]);
    }

    @Override
    public void withdraw(Condemnation notice) throws IOException {
        Files.deleteIfExists(layout.condemned().resolve(notice.name()));
    }

    @Override
    public List<Condemnation> condemned() {
        String[] names = layout.condemned().toFile().list();
        List<Condemnation> notices = new ArrayList<>();
        if (names != null) {
            for (String name : names) {
                Condemnation.parse(name).ifPresent(notices::add);
            }
        }
        return notices;
    }
}
