package dev.berth.builder.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live display for a terminal, as buildx's tty mode: finished steps and notes scroll up, each with its time (or
 * CACHED), while the running steps stay at the bottom with their timers and the last lines their commands printed,
 * redrawn ten times a second with ANSI cursor movements.
 */
final class TtyProgress implements Progress {

    private static final int LINES_PER_STEP = 6;
    private static final int WIDTH = 160;

    private final PrintStream out;
    private final Map<String, Long> running = new LinkedHashMap<>();
    private final Map<String, Deque<String>> recent = new HashMap<>();
    private final List<String> done = new ArrayList<>();
    private final Thread ticker;
    private int liveLines;
    private boolean closed;

    TtyProgress(PrintStream out) {
        this.out = out;
        this.ticker = Thread.ofPlatform().daemon().name("berth-progress").start(this::tick);
    }

    @Override
    public synchronized void started(String step) {
        running.put(step, System.nanoTime());
        recent.remove(stageOf(step));
        redraw();
    }

    @Override
    public synchronized void finished(String step, Duration took, boolean cached) {
        running.remove(step);
        done.add("=> " + step + (cached ? " CACHED" : String.format(" %.1fs", took.toMillis() / 1000.0)));
        redraw();
    }

    @Override
    public synchronized void output(String stage, String line) {
        Deque<String> lines = recent.computeIfAbsent(stage, ignored -> new ArrayDeque<>());
        lines.addLast(line);
        while (lines.size() > LINES_PER_STEP) {
            lines.removeFirst();
        }
    }

    @Override
    public synchronized void info(String message) {
        done.add(message);
        redraw();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            redraw();
        }
        ticker.interrupt();
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                redraw();
            }
        }
    }

    /** Rewrites the live area: up to its first line, clear below, new permanent lines, then the running steps. */
    private void redraw() {
        StringBuilder screen = new StringBuilder();
        if (liveLines > 0) {
            screen.append("\033[").append(liveLines).append('F');
        }
        screen.append("\033[J");
        done.forEach(line -> screen.append(fit(line)).append('\n'));
        done.clear();
        int lines = 0;
        if (!closed) {
            long now = System.nanoTime();
            for (var step : running.entrySet()) {
                screen.append(fit(String.format("=> %s %.1fs", step.getKey(), (now - step.getValue()) / 1e9)))
                        .append('\n');
                lines++;
                for (String line : recent.getOrDefault(stageOf(step.getKey()), new ArrayDeque<>())) {
                    screen.append(fit(" > " + line)).append('\n');
                    lines++;
                }
            }
        }
        liveLines = lines;
        out.print(screen);
        out.flush();
    }

    /** The stage of a step label such as {@code [build 2/5] RUN make}. */
    private static String stageOf(String step) {
        int space = step.indexOf(' ');
        return step.startsWith("[") && space > 1 ? step.substring(1, space) : "";
    }

    private static String fit(String line) {
        String flat = line.replace('\t', ' ').replace('\r', ' ');
        return flat.length() <= WIDTH ? flat : flat.substring(0, WIDTH - 3) + "...";
    }
}
