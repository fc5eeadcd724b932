package dev.berth.cache.disk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Copies part of a file to a channel through the kernel (sendfile(2) for sockets), waiting as a blocking copy does.
 *
 * <p>On a virtual thread a socket is non-blocking underneath, so {@link FileChannel#transferTo} answers 0 whenever the
 * socket's send buffer is full instead of waiting, and calling it again would spin. Then the next few bytes go through
 * an ordinary write, which parks the thread until the socket drains, and the kernel copy resumes after them.
 */
final class Sendfile {

    private static final int PARKING_WRITE = 64 * 1024;

    private Sendfile() {
    }

    static void copy(FileChannel file, long position, long length, WritableByteChannel target) throws IOException {
        long end = position + length;
        ByteBuffer parking = null;
        while (position < end) {
            long sent = file.transferTo(position, end - position, target);
            if (sent > 0) {
                position += sent;
                continue;
            }
            if (parking == null) {
                parking = ByteBuffer.allocate(PARKING_WRITE);
            }
            parking.clear().limit((int) Math.min(PARKING_WRITE, end - position));
            if (file.read(parking, position) < 0) {
                throw new EOFException("the file ended " + (end - position) + " bytes before the range copied from it");
            }
            parking.flip();
            while (parking.hasRemaining()) {
                position += target.write(parking);
            }
        }
    }
}
