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
 * What a {@code berth build} client asks the build daemon: run these arguments, as this program (stamp), from this
 * working directory, in this environment. The daemon takes a build only when all three match its own, so a build
 * in the daemon sees exactly what it would see in the client's process.
 */
record DaemonRequest(String stamp, String workingDirectory, Map<String, String> environment, List<String> args) {

    /** Bumped when the wire format changes. */
    static final int VERSION = 1;

    DaemonRequest {
        environment = Map.copyOf(environment);
        args = List.copyOf(args);
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(VERSION);
        writeString(out, stamp);
        writeString(out, workingDirectory);
        out.writeInt(environment.size());
        for (var variable : environment.entrySet()) {
            writeString(out, variable.getKey());
            writeString(out, variable.getValue());
        }
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
        String directory = readString(in);
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            environment.put(readString(in), readString(in));
        }
        List<String> args = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            args.add(readString(in));
        }
        return new DaemonRequest(stamp, directory, environment, args);
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
