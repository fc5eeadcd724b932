package dev.berth.cache.upload;

import java.io.IOException;

/** A chunk that does not start where the upload stands. */
public final class UploadOffsetException extends IOException {

    private final long offset;

    public UploadOffsetException(long offset, long requested) {
        this(offset, "chunk starts at byte " + requested + " but the upload has " + offset
                + " bytes; send the next chunk from byte " + offset);
    }

    private UploadOffsetException(long offset, String message) {
        super(message);
        this.offset = offset;
    }

    /** A chunk that arrived while another chunk of the same upload was still being received. */
    public static UploadOffsetException busy(long offset) {
        return new UploadOffsetException(offset, "another chunk of this upload is still being received; send the "
                + "next chunk when it is acknowledged, from the offset it acknowledges (" + offset + " before it)");
    }

    /** The offset the next chunk must start at. */
    public long offset() {
        return offset;
    }
}
