package dev.berth.cache.upload;

import java.io.IOException;

/** A chunk that does not start where the upload stands. */
public final class UploadOffsetException extends IOException {

    private final long offset;

    public UploadOffsetException(long offset, long requested) {
        super("chunk starts at byte " + requested + " but the upload has " + offset
                + " bytes; send the next chunk from byte " + offset);
        this.offset = offset;
    }

    /** The offset the next chunk must start at. */
    public long offset() {
        return offset;
    }
}
