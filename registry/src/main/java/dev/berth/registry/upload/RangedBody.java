package dev.berth.registry.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A chunk's body held to the length its Content-Range claims, for bodies whose length no Content-Length declared
 * (chunked transfer encoding): more or fewer bytes fail the read, so the chunk is never acknowledged.
 */
final class RangedBody extends FilterInputStream {

    /** The body held more or fewer bytes than its Content-Range covers. */
    static final class LengthMismatchException extends IOException {
        LengthMismatchException(String message) {
            super(message);
        }
    }

    private final ContentRange range;
    private long remaining;

    RangedBody(InputStream body, ContentRange range) {
        super(body);
        this.range = range;
        this.remaining = range.length();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            if (super.read() >= 0) {
                throw mismatch("more than");
            }
            return -1;
        }
        int n = super.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw mismatch("only " + (range.length() - remaining) + " bytes, fewer than");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an upload chunk is read, never skipped");
    }

    private LengthMismatchException mismatch(String what) {
        return new LengthMismatchException("the chunk's body held " + what + " the " + range.length()
                + " bytes its Content-Range " + range.first() + "-" + range.last() + " covers");
    }
}
