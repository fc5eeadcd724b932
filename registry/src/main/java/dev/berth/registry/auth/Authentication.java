package dev.berth.registry.auth;

/** The outcome of checking a request's credentials. */
public sealed interface Authentication {

    /** The request carried no credentials. */
    record None() implements Authentication {
    }

    /** The credentials were good: this is the caller. */
    record Succeeded(Principal principal) implements Authentication {
    }

    /** Credentials were given but are wrong or malformed; the reason is for the log, never for the client. */
    record Failed(String reason) implements Authentication {
    }
}
