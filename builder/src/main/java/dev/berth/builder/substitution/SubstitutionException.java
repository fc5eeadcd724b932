package dev.berth.builder.substitution;

/** A word whose variable references cannot be expanded; the message says which and why. */
public final class SubstitutionException extends Exception {

    public SubstitutionException(String message) {
        super(message);
    }
}
