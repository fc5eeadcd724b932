package dev.berth.cache.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every blob store does, whatever keeps the bytes (Distribution's driver suite, as STYLE.md asks): each backend's
 * test extends this with its own store.
 */
public abstract class BlobStoreContract {

    /** A fresh, empty store. */
    protected abstract BlobStore store() throws Exception;

    private static final byte[] CONTENT = "a layer's bytes, more than a few of them".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStoredBlob_isStatted_andReadWhole_orFromAnOffset() throws Exception {
        BlobStore store = store();
        Digest digest = Digest.sha256(CONTENT);
        assertEquals(Optional.empty(), store.stat(digest));
        assertEquals(new BlobInfo(digest, CONTENT.length), store.put(digest, CONTENT));
        assertEquals(Optional.of(new BlobInfo(digest, CONTENT.length)), store.stat(digest));
        try (InputStream in = store.open(digest, 0)) {
            assertArrayEquals(CONTENT, in.readAllBytes());
        }
        try (InputStream in = store.open(digest, 8)) {
            assertArrayEquals(Arrays.copyOfRange(CONTENT, 8, CONTENT.length), in.readAllBytes());
        }
        try (InputStream in = store.open(digest, CONTENT.length)) {
            assertEquals(0, in.readAllBytes().length, "reading from the end gives nothing");
        }
    }

    @Test
    void aRangeOfABlob_isTransferredToAChannel() throws Exception {
        BlobStore store = store();
        Digest digest = Digest.sha256(CONTENT);
        store.put(digest, CONTENT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.transferTo(digest, 2, 10, Channels.newChannel(out));
        assertArrayEquals(Arrays.copyOfRange(CONTENT, 2, 12), out.toByteArray());
    }

    @Test
    void contentThatDoesNotHashToItsDigest_isRefused_andNothingIsStored() throws Exception {
        BlobStore store = store();
        Digest claimed = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        assertThrows(DigestMismatchException.class, () -> store.put(claimed, CONTENT));
        assertEquals(Optional.empty(), store.stat(claimed));
    }

    @Test
    void aMissingBlob_isNotFound_andDeletingItSaysSo() throws Exception {
        BlobStore store = store();
        Digest digest = Digest.sha256(CONTENT);
        assertThrows(BlobNotFoundException.class, () -> store.open(digest, 0));
        assertFalse(store.delete(digest));
        store.put(digest, CONTENT);
        assertTrue(store.delete(digest));
        assertEquals(Optional.empty(), store.stat(digest));
        assertThrows(IOException.class, () -> store.open(digest, 0));
    }

    @Test
    void aListing_givesEveryBlobInDigestOrder_pageByPage() throws Exception {
        BlobStore store = store();
        List<Digest> stored = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            byte[] content = ("blob " + i).getBytes(StandardCharsets.UTF_8);
            stored.add(store.put(Digest.sha256(content), content).digest());
        }
        stored.sort(Comparator.comparing(Digest::toString));
        List<StoredBlob> listed = new ArrayList<>();
        for (List<StoredBlob> page = store.list(Optional.empty(), 3); !page.isEmpty();
             page = store.list(Optional.of(page.getLast().digest()), 3)) {
            assertTrue(page.size() <= 3, "a page holds at most the limit");
            listed.addAll(page);
        }
        assertEquals(stored, listed.stream().map(StoredBlob::digest).toList());
        assertEquals(6, listed.getFirst().size());
        assertTrue(listed.getFirst().modified().isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void anEmptyStore_listsNothing() throws Exception {
        assertEquals(List.of(), store().list(Optional.empty(), 10));
    }
}
