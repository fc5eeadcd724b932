package dev.berth.builder.layer;

import dev.berth.oci.manifest.MediaType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** How layer tars are compressed, and the media type that says so. */
public enum Compression {
    GZIP(MediaType.OCI_LAYER_GZIP),
    ZSTD(MediaType.OCI_LAYER_ZSTD),
    NONE(MediaType.OCI_LAYER);

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Wraps the output; gzip has a fixed header (no time, no name) and blocks, so output is reproducible. */
    OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out, Deflater.DEFAULT_COMPRESSION);
            case ZSTD -> new ZstdCompressorOutputStream(out);
            case NONE -> out;
        };
    }
}
