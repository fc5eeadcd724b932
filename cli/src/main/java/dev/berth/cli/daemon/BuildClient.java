package dev.berth.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.nio.channels.SocketChannel;

/**
 * The client side of the build daemon: sends a build to the user's daemon for this program, starting one when none
 * runs, and relays the build's output and exit code; asks it for its status, or to stop. When the daemon cannot take
 * a build (another build runs, the socket path is too long, the daemon does not start), the build runs in this
 * process instead.
 */
public final class BuildClient {

    private static final long START_MILLIS = 20_000;

    private final DaemonFiles files;
    private final Optional<Path> classArchive;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * A client for the daemon of these files; a daemon it starts uses the class-data sharing archive given (written by
     * the JVM on the first daemon's exit, read by the next ones).
     */
    public BuildClient(DaemonFiles files, Optional<Path> classArchive, PrintStream out, PrintStream err) {
        this.files = files;
        this.classArchive = classArchive;
        this.out = out;
        this.err = err;
    }

    /**
     * Asks a running daemon for its status or to stop, relaying its answer; the exit code, or empty when no daemon
     * runs.
     */
    public OptionalInt ask(DaemonRequest.Kind kind) throws IOException {
        SocketChannel channel = connect(files);
        if (channel == null) {
            return OptionalInt.empty();
        }
        try (channel) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(ChannelStreams.input(channel)));
            request(kind, List.of(), false).writeTo(new DataOutputStream(new BufferedOutputStream(
                    ChannelStreams.output(channel))));
            if (in.readByte() != Frames.ACCEPTED) {
                err.println("berth daemon: the daemon refused: " + DaemonRequest.readString(in));
                return OptionalInt.of(1);
            }
            return OptionalInt.of(relay(channel, in));
        } catch (EOFException e) {
            return OptionalInt.of(0);
        }
    }

    /** The build's exit code, or empty when the build should run in this process. */
    public OptionalInt build(List<String> args, boolean terminal) throws IOException {
        if (!files.usable()) {
            return OptionalInt.empty();
        }
        DaemonRequest request = request(DaemonRequest.Kind.BUILD, args, terminal);
        String refusal = "";
        for (int attempt = 0; attempt < 2; attempt++) {
            SocketChannel channel = connectOrStart(files);
            if (channel == null) {
                err.println("berth build: the build daemon did not start (see " + files.log()
                        + "); building in this process");
                return OptionalInt.empty();
            }
            try (channel) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(ChannelStreams.input(channel)));
                request.writeTo(new DataOutputStream(new BufferedOutputStream(ChannelStreams.output(channel))));
                byte answer = in.readByte();
                if (answer == Frames.ACCEPTED) {
                    return OptionalInt.of(relay(channel, in));
                }
                refusal = DaemonRequest.readString(in);
                if (refusal.startsWith("busy")) {
                    return OptionalInt.empty();
                }
                awaitGone(files);
            } catch (EOFException e) {
                refusal = "it closed the connection";
                awaitGone(files);
            }
        }
        err.println("berth build: the build daemon did not take the build (" + refusal + "); building in this "
                + "process");
        return OptionalInt.empty();
    }

    private static DaemonRequest request(DaemonRequest.Kind kind, List<String> args, boolean terminal) {
        return new DaemonRequest(DaemonFiles.programStamp(), kind, Path.of("").toAbsolutePath().toString(),
                System.getenv(), terminal, args);
    }

    /** Copies frames to this process's output until the exit code; Ctrl-C here stops the build there. */
    private int relay(SocketChannel channel, DataInputStream in) throws IOException {
        CountDownLatch ended = new CountDownLatch(1);
        Thread cancel = new Thread(() -> {
            try {
                channel.shutdownOutput();
                ended.await(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // Nothing more to do on the way out.
            }
        }, "berth-build-cancel");
        Runtime.getRuntime().addShutdownHook(cancel);
        try {
            while (true) {
                byte kind;
                try {
                    kind = in.readByte();
                } catch (EOFException e) {
                    err.println("berth build: the build daemon stopped mid-build (see " + files.log() + ")");
                    return 1;
                }
                if (kind == Frames.EXIT) {
                    return in.readInt();
                }
                byte[] bytes = in.readNBytes(in.readInt());
                (kind == Frames.OUT ? out : err).write(bytes);
                (kind == Frames.OUT ? out : err).flush();
            }
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(cancel);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running.
            }
        }
    }

    private SocketChannel connectOrStart(DaemonFiles files) throws IOException {
        SocketChannel channel = connect(files);
        if (channel != null) {
            return channel;
        }
        start(files);
        return poll(() -> connect(files), START_MILLIS);
    }

    private static SocketChannel connect(DaemonFiles files) {
        if (!Files.exists(files.socket())) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(files.socket()));
            return channel;
        } catch (IOException refused) {
            return null;
        }
    }

    /** Starts a daemon in a session of its own (so the terminal's Ctrl-C reaches the client, not the daemon). */
    private void start(DaemonFiles files) throws IOException {
        Files.createDirectories(files.socket().getParent());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // Both compilers: a daemon lives for hours, and C2's code tars, hashes and compresses large layers a third
        // faster than C1's. The serial collector suits its one build at a time; layers stream, so 2 GiB of heap
        // bound it however long it runs.
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx2g"));
        classArchive.ifPresent(archive -> command.addAll(List.of("-XX:SharedArchiveFile=" + archive,
                "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off", "-Xlog:cds+dynamic=off")));
        command.addAll(List.of("-cp",
                System.getProperty("java.class.path"), "dev.berth.cli.Berth", "build-daemon",
                "--dir", files.directory().toString()));
        new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                .redirectErrorStream(true)
                .start();
    }

    /** Waits briefly for a refusing daemon to remove its socket, so the next attempt starts a fresh one. */
    private static void awaitGone(DaemonFiles files) {
        poll(() -> Files.exists(files.socket()) ? null : Boolean.TRUE, 5_000);
    }

    /** Tries every 10 ms until the attempt gives a value or the time is up (then null). */
    private static <T> T poll(Supplier<T> attempt, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            T value = attempt.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
