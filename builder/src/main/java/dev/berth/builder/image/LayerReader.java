package dev.berth.builder.image;

import dev.berth.cache.content.ContentStore;
import dev.berth.oci.manifest.Descriptor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Opens a stored layer blob as a tar stream, undoing its compression (gzip, zstd, or none, by media type). */
public final class LayerReader {

    private final ContentStore store;

    public LayerReader(ContentStore store) {
        this.store = store;
    }

    public TarArchiveInputStream open(Descriptor layer) throws IOException {
        return new TarArchiveInputStream(openPlain(layer));
    }

    /** The layer's uncompressed tar bytes. */
    public InputStream openPlain(Descriptor layer) throws IOException {
        InputStream raw = new BufferedInputStream(store.open(layer.digest()), 64 * 1024);
        String type = layer.mediaType();
        InputStream plain;
        if (type.endsWith("+zstd") || type.endsWith(".zstd")) {
            plain = new ZstdCompressorInputStream(raw);
        } else if (type.endsWith("gzip") || type.endsWith(".gzip")) {
            plain = new GZIPInputStream(raw, 64 * 1024);
        } else {
            plain = raw;
        }
        return plain;
    }
}
