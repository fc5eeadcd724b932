package dev.berth.cli.daemon;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The daemon's side of a build's conversation after the request: first an answer (accepted, or refused with the
 * reason), then frames of standard output and standard error, then the exit code.
 */
final class Frames {

    static final byte ACCEPTED = 0;
    static final byte REFUSED = 1;
    static final byte OUT = 2;
    static final byte ERR = 3;
    static final byte EXIT = 4;

    private final DataOutputStream out;

    Frames(DataOutputStream out) {
        this.out = out;
    }

    synchronized void accept() throws IOException {
        out.writeByte(ACCEPTED);
        out.flush();
    }

    synchronized void refuse(String reason) throws IOException {
        out.writeByte(REFUSED);
        DaemonRequest.writeString(out, reason);
        out.flush();
    }

    synchronized void exit(int code) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(code);
        out.flush();
    }

    /** A stream whose writes become frames of the given kind ({@link #OUT} or {@link #ERR}). */
    OutputStream stream(byte kind) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                synchronized (Frames.this) {
                    out.writeByte(kind);
                    out.writeInt(length);
                    out.write(bytes, offset, length);
                    out.flush();
                }
            }
        };
    }
}
