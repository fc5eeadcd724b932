package dev.berth.builder.build;

import dev.berth.builder.instruction.Location;

/** A build that cannot go on; the message names the Dockerfile line (when there is one) and what went wrong. */
public final class BuildException extends Exception {

    public BuildException(String message) {
        super(message);
    }

    public BuildException(Location location, String message) {
        super(location + ": " + message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
