package dev.berth.builder.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN's networks under the real runc and slirp4netns: default is a namespace of the step's own with NAT to the
 * host's network, none is loopback only, host is the host's namespace. A web server on the host's 127.0.0.1 stands
 * for the host's loopback services.
 */
class RunNetworkTest {

    private static final String BASE = "test.local/busybox:1";

    @TempDir
    Path work;
    private BuildFixture fixture;
    private Path context;
    private HttpServer server;

    @BeforeEach
    void startServerAndBuildBase() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello from the host".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        fixture = new BuildFixture(work.resolve("data"));
        fixture.buildBusyboxBase(work.resolve("busybox"), BASE);
        context = BuildFixture.context(work.resolve("ctx"), Map.of("input.txt", "unused"));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void defaultNetwork_isANamespaceOfItsOwn_withTap0AndSlirpsResolver() throws Exception {
        List<String> entries = run("default", false, "ls /sys/class/net > /interfaces && "
                + "grep nameserver /etc/resolv.conf > /resolver && ip route | grep default > /route");
        assertTrue(entries.contains("interfaces file 644 0:0 lo\ntap0"), entries.toString());
        assertTrue(entries.contains("resolver file 644 0:0 nameserver 10.0.2.3"), entries.toString());
        assertTrue(entries.contains("route file 644 0:0 default via 10.0.2.2 dev tap0"), entries.toString());
    }

    @Test
    void defaultNetwork_doesNotReachTheHostsLoopbackServices() throws Exception {
        List<String> entries = run("default", false, fetch("10.0.2.2", "/via-gateway")
                + " && " + fetch("127.0.0.1", "/via-loopback"));
        assertTrue(unreachable(entries, "via-gateway"), entries.toString());
        assertTrue(unreachable(entries, "via-loopback"), entries.toString());
    }

    @Test
    void defaultNetwork_withHostLoopbackAllowed_reachesTheHostAtTheGateway() throws Exception {
        List<String> entries = run("default", true, fetch("10.0.2.2", "/via-gateway"));
        assertTrue(entries.contains("via-gateway file 644 0:0 hello from the host"), entries.toString());
    }

    @Test
    void hostNetwork_reachesTheHostsLoopback() throws Exception {
        List<String> entries = run("host", false, fetch("127.0.0.1", "/via-loopback"));
        assertTrue(entries.contains("via-loopback file 644 0:0 hello from the host"), entries.toString());
    }

    @Test
    void noneNetwork_hasLoopbackOnly_andReachesNothing() throws Exception {
        List<String> entries = run("none", true, "ls /sys/class/net > /interfaces && "
                + fetch("10.0.2.2", "/via-gateway"));
        assertTrue(entries.contains("interfaces file 644 0:0 lo"), entries.toString());
        assertTrue(unreachable(entries, "via-gateway"), entries.toString());
    }

    @Test
    void slirpAndTheNamespaceHolder_areGoneAfterTheStep() throws Exception {
        run("default", false, "true");
        List<String> left = ProcessHandle.current().descendants().map(p -> p.info().command().orElse("?")).toList();
        assertEquals(List.of(), left);
    }

    /** A shell command that writes the host server's answer, or "unreachable: " and wget's error, to file. */
    private String fetch(String host, String file) {
        return "(timeout 10 wget -q -O " + file + " http://" + host + ":" + server.getAddress().getPort() + "/ 2>/tmp/error"
                + " || echo \"unreachable: $(cat /tmp/error)\" > " + file + ")";
    }

    private static boolean unreachable(List<String> entries, String file) {
        return entries.stream().anyMatch(entry -> entry.startsWith(file + " file 644 0:0 unreachable: "));
    }

    private List<String> run(String network, boolean hostLoopback, String command) throws Exception {
        return fixture.entries(fixture.buildSandboxed(context, "FROM " + BASE + "\nRUN " + command + "\n",
                new BuildRequest.Sandboxing(network, hostLoopback, Map.of(), Map.of(), 0, 0, "auto", false)).layers().getLast());
    }
}
