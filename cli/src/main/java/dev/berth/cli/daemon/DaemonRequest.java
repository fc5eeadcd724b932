package dev.berth.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client asks the build daemon: as this program (stamp), to run a build (these arguments, from this working
 * directory, in this environment, to a terminal or not), to report its status, or to stop. The daemon takes requests
 * only from clients of its own program; it builds as the client's own process would, with the client's directory and
 * environment.
 */
public record DaemonRequest(String stamp, Kind kind, String workingDirectory, Map<String, String> environment,
                            boolean terminal, List<String> args) {

    /** What the client wants. */
    public enum Kind { BUILD, STATUS, STOP }

    /** Bumped when the wire format changes. */
    static final int VERSION = 2;

    public DaemonRequest {
        environment = Map.copyOf(environment);
        args = List.copyOf(args);
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(VERSION);
        writeString(out, stamp);
        out.writeByte(kind.ordinal());
        writeString(out, workingDirectory);
        out.writeInt(environment.size());
        for (var variable : environment.entrySet()) {
            writeString(out, variable.getKey());
            writeString(out, variable.getValue());
        }
        out.writeBoolean(terminal);
        out.writeInt(args.size());
        for (String arg : args) {
            writeString(out, arg);
        }
        out.flush();
    }

    static DaemonRequest readFrom(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("the client speaks protocol " + version + ", this daemon " + VERSION);
        }
        String stamp = readString(in);
        int kind = in.readByte();
        if (kind < 0 || kind >= Kind.values().length) {
            throw new IOException("request kind " + kind + " is unknown");
        }
        String directory = readString(in);
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            environment.put(readString(in), readString(in));
        }
        boolean terminal = in.readBoolean();
        List<String> args = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            args.add(readString(in));
        }
        return new DaemonRequest(stamp, Kind.values()[kind], directory, environment, terminal, args);
    }

    static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("a string of " + length + " bytes is not part of a build request");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
