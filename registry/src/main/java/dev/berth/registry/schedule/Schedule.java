package dev.berth.registry.schedule;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a maintenance task (garbage collection, lifecycle policies) at a fixed interval in the background. */
public final class Schedule implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Schedule.class.getName());

    /** The work, which reports its own results; a failure is logged and the next run comes anyway. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final String what;
    private final Duration every;
    private final Task task;
    private ScheduledExecutorService timer;

    public Schedule(String what, Duration every, Task task) {
        this.what = what;
        this.every = every;
        this.task = task;
    }

    /** Runs the task after one interval, and then after each interval from the end of the last run. */
    public Schedule start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(what.replace(' ', '-'))
                .factory());
        timer.scheduleWithFixedDelay(this::runLogged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runLogged() {
        try {
            task.run();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled " + what + " failed (next try in "
                    + every.toString().substring(2).toLowerCase(Locale.ROOT) + "): " + e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
