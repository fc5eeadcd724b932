package dev.berth.registry.mirror;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads a stream while copying what it reads to a client. When the client goes away, the copying stops and the
 * reading goes on, so the content is still stored for the next one.
 */
final class TeeInputStream extends FilterInputStream {

    private final OutputStream client;
    private boolean clientGone;

    TeeInputStream(InputStream in, OutputStream client) {
        super(in);
        this.client = client;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copy(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            copy(buffer, offset, n);
        }
        return n;
    }

    private void copy(byte[] buffer, int offset, int length) {
        if (clientGone) {
            return;
        }
        try {
            client.write(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            clientGone = true;
        }
    }
}
