package dev.berth.registry.gc;

import java.io.IOException;

/** Thrown when a collection is asked for while this node is already running one. */
public final class GcBusyException extends IOException {

    public GcBusyException() {
        super("a garbage collection is already running on this node; wait for its report");
    }
}
