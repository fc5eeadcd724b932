package dev.berth.registry.upload;

import dev.berth.cache.upload.UploadStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes upload sessions left idle longer than the expiry, with the data they received: clients that gave up
 * mid-push would otherwise fill the disk. Distribution purges after a week; Berth's default is a day.
 */
public final class UploadSweeper implements AutoCloseable {

    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

    private static final System.Logger LOG = System.getLogger(UploadSweeper.class.getName());

    private final UploadStore uploads;
    private final Clock clock;
    private final Duration expiry;
    private ScheduledExecutorService timer;

    public UploadSweeper(UploadStore uploads, Clock clock, Duration expiry) {
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("the upload expiry must be positive, not " + expiry);
        }
        this.uploads = uploads;
        this.clock = clock;
        this.expiry = expiry;
    }

    /** Sweeps now and then every 1/24 of the expiry (at least every second, at most every hour), in the background. */
    public UploadSweeper start() {
        long period = Math.clamp(expiry.toMillis() / 24, 1_000, Duration.ofHours(1).toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("upload-sweeper")
                .factory());
        timer.scheduleWithFixedDelay(this::sweepLogged, 0, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Removes the sessions idle longer than the expiry; returns how many. */
    public int sweep() throws IOException {
        int removed = uploads.removeIdle(clock.instant().minus(expiry));
        if (removed > 0) {
            LOG.log(System.Logger.Level.INFO, "removed " + removed + " upload session(s) idle for more than "
                    + expiry.toString().substring(2).toLowerCase(Locale.ROOT));
        }
        return removed;
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sweeping idle upload sessions failed (next try in a while): " + e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
