package dev.berth.registry.gc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs garbage collection at a fixed interval in the background (config {@code gc.every}). */
public final class GcSchedule implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GcSchedule.class.getName());

    private final GarbageCollector collector;
    private final Duration every;
    private ScheduledExecutorService timer;

    public GcSchedule(GarbageCollector collector, Duration every) {
        this.collector = collector;
        this.every = every;
    }

    /** Collects after one interval, and then after each interval from the end of the last collection. */
    public GcSchedule start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gc-schedule").factory());
        timer.scheduleWithFixedDelay(this::collect, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void collect() {
        try {
            collector.collect(false);
        } catch (GcBusyException e) {
            LOG.log(System.Logger.Level.INFO, "scheduled garbage collection skipped: one asked for is running");
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled garbage collection failed (next try in "
                    + every.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + "): " + e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
