package dev.berth.builder.sandbox;

import java.util.List;

/** How a sandboxed command ended: its exit code and the last lines it printed. */
public record RunResult(int exitCode, List<String> lastLines) {

    public RunResult {
        lastLines = List.copyOf(lastLines);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
