package dev.berth.cache.disk;

import dev.berth.cache.blob.BlobInfo;
import dev.berth.cache.blob.BlobNotFoundException;
import dev.berth.cache.blob.BlobStore;
import dev.berth.cache.blob.DigestMismatchException;
import dev.berth.cache.blob.StoredBlob;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Blobs as files under {@code blobs/}, named by digest. */
final class DiskBlobStore implements BlobStore {

    private final DiskLayout layout;
    private final DurableFiles files;

    DiskBlobStore(DiskLayout layout, DurableFiles files) {
        this.layout = layout;
        this.files = files;
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) throws IOException {
        try {
            return Optional.of(new BlobInfo(digest, Files.size(layout.blob(digest))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredBlob> list(Optional<Digest> after, int limit) throws IOException {
        List<StoredBlob> found = new ArrayList<>();
        String from = after.map(Digest::toString).orElse("");
        for (String algorithm : sortedNames(layout.blobs())) {
            for (String fanout : sortedNames(layout.blobs().resolve(algorithm))) {
                if ((algorithm + ":" + fanout + "\uffff").compareTo(from) < 0) {
                    continue;   // every blob in this directory sorts before the page
                }
                for (String hex : sortedNames(layout.blobs().resolve(algorithm).resolve(fanout))) {
                    String name = algorithm + ":" + hex;
                    if (name.compareTo(from) > 0 && Digest.isDigest(name)) {
                        Optional<StoredBlob> blob = listed(Digest.parse(name));
                        blob.ifPresent(found::add);
                        if (found.size() == limit) {
                            return found;
                        }
                    }
                }
            }
        }
        return found;
    }

    private Optional<StoredBlob> listed(Digest digest) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(layout.blob(digest), BasicFileAttributes.class);
            return Optional.of(new StoredBlob(digest, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();   // deleted while listed
        }
    }

    private static List<String> sortedNames(Path directory) {
        String[] names = directory.toFile().list();
        if (names == null) {
            return List.of();
        }
        Arrays.sort(names);
        return Arrays.asList(names);
    }

    @Override
    public InputStream open(Digest digest, long offset) throws IOException {
        FileChannel channel = openChannel(digest);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public boolean sendsFiles() {
        return true;
    }

    @Override
    public void transferTo(Digest digest, long offset, long length, WritableByteChannel target) throws IOException {
        try (FileChannel channel = openChannel(digest)) {
            Sendfile.copy(channel, offset, length, target);
        }
    }

    @Override
    public BlobInfo put(Digest digest, byte[] bytes) throws IOException {
        Digest actual = Digest.of(digest.algorithm(), bytes);
        if (!actual.equals(digest)) {
            throw new DigestMismatchException(digest, actual);
        }
        if (stat(digest).isEmpty()) {
            files.write(layout.blob(digest), bytes);
        }
        return new BlobInfo(digest, bytes.length);
    }

    private FileChannel openChannel(Digest digest) throws IOException {
        try {
            return FileChannel.open(layout.blob(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    /** Makes a verified, forced file the blob of the given digest; a copy already there is kept. */
    BlobInfo commit(Path verified, Digest digest) throws IOException {
        long size = Files.size(verified);
        if (stat(digest).isPresent()) {
            Files.delete(verified);
        } else {
            files.moveIntoPlace(verified, layout.blob(digest));
        }
        return new BlobInfo(digest, size);
    }

    @Override
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(layout.blob(digest));
    }
}
