package dev.berth.builder.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the few system tools overlay snapshots need (mount, umount, mknod, setfattr, getfattr). */
final class Commands {

    private Commands() {
    }

    /** Runs the command and returns its output; a failure is an IOException naming the command and its output. */
    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command[0], e);
        }
        return output;
    }

    /** Whether the tool can be run at all. */
    static boolean exists(String tool) {
        try {
            new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
