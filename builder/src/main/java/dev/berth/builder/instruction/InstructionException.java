package dev.berth.builder.instruction;

/** An instruction that is well-formed text but not a valid instruction; the message names where and why. */
public final class InstructionException extends Exception {

    private final Location location;

    public InstructionException(Location location, String message) {
        super(location + ": " + message);
        this.location = location;
    }

    public Location location() {
        return location;
    }

    /** A problem found before its location is attached. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }
}
