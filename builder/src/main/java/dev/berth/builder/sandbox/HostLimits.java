package dev.berth.builder.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The builder's own rlimits, from {@code /proc/self/limits}; a sandbox gets these and never more. */
record HostLimits(Map<String, long[]> all) {

    private static final Map<String, String> NAMES = Map.of(
            "Max open files", "RLIMIT_NOFILE",
            "Max processes", "RLIMIT_NPROC");

    static HostLimits read() throws IOException {
        Map<String, long[]> limits = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            for (var name : NAMES.entrySet()) {
                if (line.startsWith(name.getKey())) {
                    String[] fields = line.substring(name.getKey().length()).trim().split("\\s+");
                    limits.put(name.getValue(), new long[] {parse(fields[0]), parse(fields[1])});
                }
            }
        }
        return new HostLimits(limits);
    }

    private static long parse(String value) {
        return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
    }
}
