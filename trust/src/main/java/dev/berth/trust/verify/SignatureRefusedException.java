package dev.berth.trust.verify;

/** A signature that does not vouch for the image, with the reason, so that a rejection can say which check failed. */
public final class SignatureRefusedException extends Exception {

    /** Which check refused the signature. */
    public enum Reason {
        /** The data is not a signature at all (unsigned, encrypted, not OpenPGP). */
        NOT_SIGNED,
        /** The signature does not match what was signed, or cannot be checked. */
        BAD_SIGNATURE,
        /** No trusted key made the signature. */
        UNKNOWN_KEY,
        /** The key that made it was revoked, or is not bound to the trusted key. */
        REVOKED_KEY,
        /** The signature or its key has expired. */
        EXPIRED,
        /** What was signed is not the payload the format defines (malformed, unknown critical fields). */
        BAD_PAYLOAD,
        /** The signed payload names another manifest digest than the manifest being checked. */
        DIGEST_MISMATCH,
        /** The signed payload names another image than the one being checked. */
        IDENTITY_MISMATCH,
        /** The policy requires a transparency-log entry and the signature has none. */
        NOT_LOGGED,
        /** The signature or its payload is larger than any real one, or there are too many signatures. */
        TOO_LARGE
    }

    private final Reason reason;

    public SignatureRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
