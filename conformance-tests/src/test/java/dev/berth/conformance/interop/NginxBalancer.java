package dev.berth.conformance.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx as a load balancer in front of registry nodes: round-robin, no stickiness, request and response
 * bodies streamed rather than buffered, as a registry deployment configures it; run in the foreground from a
 * directory of its own, stopped by its PID.
 */
final class NginxBalancer implements AutoCloseable {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;

    private NginxBalancer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts nginx on a free loopback port, balancing over the nodes' {@code host:port} addresses. */
    static NginxBalancer start(Path directory, List<String> nodes) throws IOException, InterruptedException {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException(NGINX + " is missing: install Debian's nginx (./test.sh does)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(directory.resolve("temp"));
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    upstream registry {
                %2$s
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        client_max_body_size 0;
                        chunked_transfer_encoding on;
                        location / {
                            proxy_pass http://registry;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_request_buffering off;
                            proxy_buffering off;
                            proxy_read_timeout 300s;
                        }
                    }
                }
                """.formatted(directory.toAbsolutePath(), nodes.stream().map(node -> "        server " + node + ";")
                .collect(Collectors.joining("\n")), port));
        Process process = new ProcessBuilder(NGINX.toString(), "-c", config.toString(), "-p",
                directory.toAbsolutePath().toString()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited " + process.exitValue() + ":\n"
                        + Files.readString(directory.resolve("nginx.out")) + Files.readString(directory
                        .resolve("error.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new NginxBalancer(process, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("nginx did not listen on " + port + " within 30 s");
    }

    /** host:port, as clients name the registry behind it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
