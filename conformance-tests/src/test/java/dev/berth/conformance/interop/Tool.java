package dev.berth.conformance.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client (skopeo, ctr, buildah, podman) and fails with its output when it fails. */
public final class Tool {

    private Tool() {
    }

    /** Runs the command to completion within two minutes and returns its standard output. */
    public static String run(List<String> command) {
        return runIn(null, command);
    }

    /** Runs the command in a working directory (null: this process's) and returns its standard output. */
    public static String runIn(java.nio.file.Path directory, List<String> command) {
        try {
            java.nio.file.Path errors = java.nio.file.Files.createTempFile("tool", ".err");
            Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                    .redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(shown(command) + " did not finish within two minutes");
            }
            String err = java.nio.file.Files.readString(errors);
            java.nio.file.Files.delete(errors);
            if (process.exitValue() != 0) {
                throw new AssertionError(shown(command) + " exited " + process.exitValue() + ":\n"
                        + out + err);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + " (is it installed? ./test.sh installs it): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Runs the command to completion and returns its standard output and error, interleaved. */
    public static String runMerged(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(shown(command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** How a command ended: its exit code, and its standard output and error interleaved. */
    public record Result(int exit, String output) {
    }

    /**
     * Runs the command with extra environment variables and the given standard input, whatever its exit code, within
     * two minutes.
     */
    public static Result exec(List<String> command, java.util.Map<String, String> environment, String input) {
        Output output = exec(command, environment, input.getBytes(StandardCharsets.UTF_8), true);
        return new Result(output.exit(), new String(output.standardOutput(), StandardCharsets.UTF_8));
    }

    /** How a command ended, its standard output as bytes (such as a tar) and its standard error apart. */
    public record Output(int exit, byte[] standardOutput, String standardError) {
    }

    /** Runs the command with standard input bytes, keeping standard output (bytes) and error apart. */
    public static Output exec(List<String> command, java.util.Map<String, String> environment, byte[] input) {
        return exec(command, environment, input, false);
    }

    private static Output exec(List<String> command, java.util.Map<String, String> environment, byte[] input,
                               boolean merge) {
        try {
            java.nio.file.Path errors = java.nio.file.Files.createTempFile("tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(command);
            if (merge) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(errors.toFile());
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            Thread.ofVirtual().start(() -> {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input);
                } catch (IOException ignored) {
                    // The command did not read all of it; its exit code tells.
                }
            });
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(shown(command) + " did not finish within two minutes");
            }
            String error = java.nio.file.Files.readString(errors);
            java.nio.file.Files.delete(errors);
            return new Output(process.exitValue(), output, error);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + shown(command), e);
        }
    }

    /** The command as a failure message shows it: a class path is left out, as it runs to kilobytes. */
    private static String shown(List<String> command) {
        List<String> shown = new java.util.ArrayList<>(command);
        shown.removeIf(argument -> argument.startsWith("BERTH_DAEMON_DIR="));
        shown.remove("env");
        int classPath = shown.indexOf("-cp");
        if (classPath >= 0 && classPath + 1 < shown.size()) {
            shown.set(classPath + 1, "...");
        }
        return String.join(" ", shown);
    }

    public static String run(String... command) {
        return run(List.of(command));
    }
}
