package dev.berth.cli.daemon;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;

/**
 * The build daemon: a JVM that stays warm between builds, as Gradle's daemon does, so that a rebuild costs the
 * client's start-up and the build's own work, not a cold JVM's class loading and interpretation. There is one per
 * user and Berth program ({@link DaemonFiles}); it serves builds from any directory and environment, each with the
 * client's own (see {@link DaemonRequest}), over a Unix socket, to its own user only, one build at a time (a second
 * client builds in its own process meanwhile), and answers status and stop requests.
 *
 * <p>It stops when asked, when a client of another program asks (so that client can start a fresh one), when a client
 * goes away mid-build (the build's containers are removed as on Ctrl-C), when its socket is deleted, on SIGTERM, and
 * after three idle hours.
 */
public final class BuildDaemon {

    /** Runs {@code berth build} for a request with the given output streams, and says what it keeps between builds. */
    public interface Runner {
        /** Runs the build; returns its exit code. */
        int run(DaemonRequest request, PrintStream out, PrintStream err);

        /** What the runner holds between builds, a line each, for {@code berth daemon status}. */
        List<String> holds();
    }

    private static final Duration IDLE_LIMIT = Duration.ofHours(3);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final DaemonFiles files;
    private final Runner runner;
    private final String stamp = DaemonFiles.programStamp();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final java.time.Instant started = java.time.Instant.now();
    private final java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long idleSince = System.nanoTime();

    public BuildDaemon(Path directory, Runner runner) {
        this.files = DaemonFiles.in(directory);
        this.runner = runner;
    }

    /** Serves until one of the reasons to stop; returns the exit code. */
    public int serve() throws IOException {
        if (!files.usable()) {
            System.err.println("berth build-daemon: the socket path " + files.socket() + " is too long for a Unix "
                    + "socket; set BERTH_DAEMON_DIR to a shorter directory");
            return 2;
        }
        Files.createDirectories(files.socket().getParent());
        try (ServerSocketChannel server = bind()) {
            if (server == null) {
                System.err.println("berth build-daemon: a daemon already serves " + files.socket());
                return 0;
            }
            Thread.ofPlatform().daemon().name("berth-daemon-watch").start(this::watch);
            Files.writeString(files.pid(), ProcessHandle.current().pid() + "\n");
            Runtime.getRuntime().addShutdownHook(new Thread(this::deleteSocket, "berth-daemon-socket"));
            while (true) {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("berth-daemon-client").start(() -> handle(client));
            }
        }
    }

    /** Binds the socket, replacing a stale one; null when a live daemon answers on it. */
    private ServerSocketChannel bind() throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(files.socket());
        if (Files.exists(files.socket())) {
            try (SocketChannel probe = SocketChannel.open(address)) {
                return null;
            } catch (IOException stale) {
                Files.deleteIfExists(files.socket());
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(address);
        Files.setPosixFilePermissions(files.socket(), PosixFilePermissions.fromString("rw-------"));
        return server;
    }

    private void handle(SocketChannel client) {
        try (client) {
            if (!client.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName()
                    .equals(System.getProperty("user.name"))) {
                return;
            }
            DataInputStream in = new DataInputStream(ChannelStreams.input(client));
            Frames frames = new Frames(new DataOutputStream(new BufferedOutputStream(ChannelStreams.output(client))));
            DaemonRequest request = DaemonRequest.readFrom(in);
            if (!request.stamp().equals(stamp)) {
                frames.refuse("the client is another Berth build or JDK; this daemon stops for a fresh one");
                stop(0);
            }
            switch (request.kind()) {
                case STATUS -> status(frames);
                case STOP -> {
                    frames.accept();
                    frames.exit(0);
                    stop(0);
                }
                case BUILD -> build(request, in, frames);
            }
        } catch (IOException e) {
            System.err.println("berth build-daemon: a client connection failed: " + e.getMessage());
        }
    }

    private void build(DaemonRequest request, DataInputStream in, Frames frames) throws IOException {
        if (!busy.compareAndSet(false, true)) {
            frames.refuse("busy with another build");
            return;
        }
        try {
            frames.accept();
            AtomicBoolean building = new AtomicBoolean(true);
            Thread.ofVirtual().name("berth-daemon-cancel").start(() -> stopWhenClientLeaves(in, building));
            int code;
            try (PrintStream out = new PrintStream(frames.stream(Frames.OUT), true, StandardCharsets.UTF_8);
                 PrintStream err = new PrintStream(frames.stream(Frames.ERR), true, StandardCharsets.UTF_8)) {
                code = runner.run(request, out, err);
            }
            building.set(false);
            builds.incrementAndGet();
            frames.exit(code);
        } finally {
            idleSince = System.nanoTime();
            busy.set(false);
        }
    }

    /** What {@code berth daemon status} prints: who the daemon is, what it did, and what it holds. */
    private void status(Frames frames) throws IOException {
        frames.accept();
        Runtime runtime = Runtime.getRuntime();
        List<String> lines = new java.util.ArrayList<>(List.of(
                "pid " + ProcessHandle.current().pid(),
                "socket " + files.socket(),
                "started " + started,
                "builds " + builds.get() + (busy.get() ? ", one running now" : ""),
                "idle " + (busy.get() ? "no" : Duration.ofNanos(System.nanoTime() - idleSince).toSeconds() + " s"
                        + " (stops after " + IDLE_LIMIT.toHours() + " idle hours)"),
                "heap " + (runtime.totalMemory() - runtime.freeMemory()) / (1 << 20) + " MiB used of "
                        + runtime.maxMemory() / (1 << 20) + " MiB"));
        runner.holds().forEach(held -> lines.add("holds " + held));
        try (PrintStream out = new PrintStream(frames.stream(Frames.OUT), true, StandardCharsets.UTF_8)) {
            lines.forEach(out::println);
        }
        frames.exit(0);
    }

    /** The client half-closes (Ctrl-C) or dies: stop, which removes the build's containers on the way out. */
    private void stopWhenClientLeaves(DataInputStream in, AtomicBoolean building) {
        try {
            while (in.read() >= 0) {
                // The client sends nothing after its request.
            }
        } catch (IOException e) {
            // Gone all the same.
        }
        if (building.get()) {
            System.err.println("berth build-daemon: the client went away mid-build; stopping");
            stop(130);
        }
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(WATCH_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            if (!Files.exists(files.socket())) {
                stop(0);
            }
            if (!busy.get() && System.nanoTime() - idleSince > IDLE_LIMIT.toNanos()) {
                stop(0);
            }
        }
    }

    /** Deletes the socket (no client may connect to a daemon on its way out) and exits, running shutdown hooks. */
    private void stop(int code) {
        deleteSocket();
        System.exit(code);
    }

    private void deleteSocket() {
        try {
            Files.deleteIfExists(files.pid());
            Files.deleteIfExists(files.socket());
        } catch (IOException ignored) {
            // A client finds the stale socket refusing and replaces it.
        }
    }
}
