package dev.berth.cache.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sending part of a file to a socket from a virtual thread after a head written the ordinary way, as the registry
 * does (which leaves the socket non-blocking underneath), to a client slower than the socket's small send buffer, so
 * that the kernel copy stalls and the parking write takes over again and again.
 */
class SendfileTest {

    private static final int SIZE = 4 * 1024 * 1024;
    private static final byte[] HEAD = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aRangeSentToASlowClient_arrivesExactly() throws Exception {
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("blob"), content);

        Sent sent = send(file, 100_000, 3_000_000);

        assertEquals(null, sent.failure());
        assertArrayEquals(Arrays.copyOfRange(content, 100_000, 3_100_000), sent.received());
    }

    @Test
    void aRangePastTheEndOfTheFile_failsNamingTheShortfall() throws Exception {
        Path file = Files.write(dir.resolve("short"), new byte[1000]);

        Sent sent = send(file, 0, 1500);

        assertInstanceOf(EOFException.class, sent.failure());
        assertTrue(sent.failure().getMessage().contains("500 bytes before"), sent.failure().getMessage());
        assertEquals(1000, sent.received().length);
    }

    private record Sent(byte[] received, Throwable failure) {
    }

    private static Sent send(Path file, long position, long length) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel sender = server.accept()) {
            sender.setOption(StandardSocketOptions.SO_SNDBUF, 8 * 1024);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread copying = Thread.ofVirtual().start(() -> {
                try (FileChannel channel = FileChannel.open(file)) {
                    sender.write(ByteBuffer.wrap(HEAD));
                    Sendfile.copy(channel, position, length, sender);
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    try {
                        sender.shutdownOutput();
                    } catch (IOException ignored) {
                        // the copy's own failure is what the test looks at
                    }
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = client.socket().getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
                if (received.size() % (256 * 1024) < n) {
                    Thread.sleep(5);   // a slow reader: the sender's buffer fills
                }
            }
            copying.join();
            byte[] answer = received.toByteArray();
            assertArrayEquals(HEAD, Arrays.copyOf(answer, HEAD.length));
            return new Sent(Arrays.copyOfRange(answer, HEAD.length, answer.length), failure.get());
        }
    }
}
