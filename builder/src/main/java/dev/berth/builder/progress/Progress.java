package dev.berth.builder.progress;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * Where a build reports its steps as they start and end, the lines RUN steps print, and notes; in the modes of
 * {@code docker buildx build --progress}. Stages run in parallel, so every implementation takes events from several
 * threads. Closing it ends the report.
 */
public sealed interface Progress extends AutoCloseable permits PlainProgress, QuietProgress, JsonProgress,
        TtyProgress {

    /** A step began; {@code step} names it, such as {@code [build 2/5] RUN make}. */
    void started(String step);

    /** A step ended, after {@code took}, or was found in the cache. */
    void finished(String step, Duration took, boolean cached);

    /** A line a step's command printed, with its stage's name. */
    void output(String stage, String line);

    /** A note about the build, such as a pull or a warning. */
    void info(String message);

    @Override
    default void close() {
    }

    /** One line per event, as {@code --progress plain}. */
    static Progress plain(PrintStream out) {
        return new PlainProgress(out);
    }

    /** Nothing at all. */
    static Progress quiet() {
        return new QuietProgress();
    }

    /** One JSON object per event and line ({@code --progress rawjson}). */
    static Progress json(PrintStream out, Clock clock) {
        return new JsonProgress(out, clock);
    }

    /** A live display of the running steps for a terminal ({@code --progress tty}). */
    static Progress tty(PrintStream out) {
        return new TtyProgress(out);
    }

    /**
     * The progress of a {@code --progress} mode: auto, tty, plain, rawjson or quiet; auto is tty when
     * {@code terminal} says the output is a terminal, else plain.
     */
    static Progress of(String mode, PrintStream out, boolean terminal) {
        return switch (mode) {
            case "auto" -> terminal ? tty(out) : plain(out);
            case "tty" -> tty(out);
            case "plain" -> plain(out);
            case "rawjson" -> json(out, Clock.systemUTC());
            case "quiet" -> quiet();
            default -> throw new IllegalArgumentException("--progress is auto, tty, plain, rawjson or quiet, not '"
                    + mode + "'");
        };
    }
}
