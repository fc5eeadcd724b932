package dev.berth.builder.progress;

import java.time.Duration;

/** No report: {@code --progress quiet} and {@code -q}. */
final class QuietProgress implements Progress {

    @Override
    public void started(String step) {
    }

    @Override
    public void finished(String step, Duration took, boolean cached) {
    }

    @Override
    public void output(String stage, String line) {
    }

    @Override
    public void info(String message) {
    }
}
