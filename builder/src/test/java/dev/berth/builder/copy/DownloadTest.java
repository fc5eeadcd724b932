package dev.berth.builder.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD's downloads: redirects are followed hop by hop, each checked by the guard before it is requested. */
class DownloadTest {

    @TempDir
    Path work;
    private HttpServer origin;
    private HttpServer elsewhere;
    private final List<String> requested = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/secret", exchange -> {
            requested.add("elsewhere" + exchange.getRequestURI());
            byte[] body = "secret".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        elsewhere.start();
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/moved/file.txt", exchange -> {
            requested.add("origin" + exchange.getRequestURI());
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort()
                    + "/secret");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        origin.start();
    }

    @AfterEach
    void stop() {
        origin.stop(0);
        elsewhere.stop(0);
    }

    @Test
    void redirect_isFollowed_whenTheGuardAllowsEachHop() throws Exception {
        Download download = Download.fetch(url(), null, work, UrlGuard.allowAll());
        assertEquals("secret", Files.readString(download.file()));
        assertEquals("file.txt", download.name());
    }

    @Test
    void redirect_toAnAddressTheGuardRefuses_isNeverRequested() {
        int refusedPort = elsewhere.getAddress().getPort();
        UrlGuard guard = uri -> {
            if (uri.getPort() == refusedPort) {
                throw new CopyException("refused " + uri);
            }
        };
        var e = assertThrows(CopyException.class, () -> Download.fetch(url(), null, work, guard));
        assertEquals("refused http://127.0.0.1:" + refusedPort + "/secret", e.getMessage());
        assertEquals(List.of("origin/moved/file.txt"), requested);
    }

    @Test
    void hostAddresses_areRefused_andOthersAllowed() throws Exception {
        UrlGuard guard = UrlGuard.refuseHostAddresses();
        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "[::1]", "169.254.169.254", "[fe80::1]",
                "0.0.0.0", "[::]", "0.1.2.3", "[::ffff:127.0.0.1]")) {
            var e = assertThrows(CopyException.class, () -> guard.check(URI.create("http://" + host + "/f")), host);
            assertTrue(e.getMessage().contains("--allow-host-loopback"), e.getMessage());
        }
        for (String host : List.of("10.1.2.3", "192.168.1.10", "172.16.0.1", "[fd00::1]", "8.8.8.8")) {
            guard.check(URI.create("http://" + host + "/f"));
        }
    }

    private String url() {
        return "http://127.0.0.1:" + origin.getAddress().getPort() + "/moved/file.txt";
    }
}
