package dev.berth.builder.build;

import java.io.PrintStream;
import java.time.Duration;

/** Reports build steps as they start and end: one line each, with time taken, or CACHED on a hit. */
public final class Progress {

    private final PrintStream out;
    private final boolean quiet;

    public Progress(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public static Progress quiet() {
        return new Progress(System.err, true);
    }

    void started(String step) {
        if (!quiet) {
            synchronized (out) {
                out.println("#" + " " + step);
            }
        }
    }

    void finished(String step, Duration took, boolean cached) {
        if (!quiet) {
            synchronized (out) {
                out.println("#" + " " + step + (cached ? " CACHED" : String.format(" DONE %.1fs",
                        took.toMillis() / 1000.0)));
            }
        }
    }

    /** A line a step's command printed, marked with its stage (stages run in parallel). */
    void output(String stage, String line) {
        if (!quiet) {
            synchronized (out) {
                out.println("  " + stage + " | " + line);
            }
        }
    }

    void info(String message) {
        if (!quiet) {
            synchronized (out) {
                out.println(message);
            }
        }
    }
}
