package dev.berth.registry.http;

import java.io.IOException;
import java.util.Optional;

/** Recognises a failure that is the storage running out of space or quota, rather than a fault of the registry. */
final class StorageFull {

    private static final String[] MESSAGES = {"No space left on device", "Disk quota exceeded"};

    private StorageFull() {
    }

    /** The operating system's words for it, when {@code failure} or one of its causes is a full disk or quota. */
    static Optional<String> cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null) {
                for (String message : MESSAGES) {
                    if (t.getMessage().contains(message)) {
                        return Optional.of(message);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
