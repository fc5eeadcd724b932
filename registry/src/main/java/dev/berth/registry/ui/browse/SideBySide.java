package dev.berth.registry.ui.browse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Reads what a page shows for each of its rows side by side, on virtual threads, a few at a time: on S3 each row is
 * several requests, and fifty or a hundred rows read one after another would take seconds.
 */
final class SideBySide {

    /** How many rows are read at once. */
    static final int AT_ONCE = 16;

    private SideBySide() {
    }

    /** What a row shows. */
    @FunctionalInterface
    interface Read<T, R> {
        R apply(T row) throws IOException;
    }

    /** The reads of every row, in the rows' order. */
    static <T, R> List<R> read(List<T> rows, Read<T, R> read) throws IOException {
        Semaphore slots = new Semaphore(AT_ONCE);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> reads = new ArrayList<>();
            for (T row : rows) {
                reads.add(readers.submit(() -> {
                    slots.acquire();
                    try {
                        return read.apply(row);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> each : reads) {
                results.add(each.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the page's rows", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot read a row: " + e.getCause(), e.getCause());
        }
    }
}
