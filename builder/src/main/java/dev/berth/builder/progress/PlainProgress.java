package dev.berth.builder.progress;

import java.io.PrintStream;
import java.time.Duration;

/** One line per event: a step's start, its end with the time it took (or CACHED), its output, notes. */
final class PlainProgress implements Progress {

    private final PrintStream out;

    PlainProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(String step) {
        out.println("# " + step);
    }

    @Override
    public synchronized void finished(String step, Duration took, boolean cached) {
        out.println("# " + step + (cached ? " CACHED" : String.format(" DONE %.1fs", took.toMillis() / 1000.0)));
    }

    @Override
    public synchronized void output(String stage, String line) {
        out.println("  " + stage + " | " + line);
    }

    @Override
    public synchronized void info(String message) {
        out.println(message);
    }
}
