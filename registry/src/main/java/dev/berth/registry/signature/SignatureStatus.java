package dev.berth.registry.signature;

import java.util.List;
import java.util.Optional;

/**
 * The signatures of a manifest, per format, and what the registry's policy makes of them.
 *
 * @param formats the formats the manifest has signatures in
 * @param policy  what a pull by this reference would meet under the registry's policy; empty without a policy
 */
public record SignatureStatus(List<Format> formats, Optional<String> policy) {

    public SignatureStatus {
        formats = List.copyOf(formats);
    }

    /** Whether a signature was checked at all. */
    public enum State {
        /** A signature of the format satisfies a requirement of the policy: by {@code signers}. */
        VERIFIED,
        /** The policy asks for the format here, and no signature of it satisfies it: {@code detail} says why. */
        NOT_VERIFIED,
        /** Nothing asks for the format here (or there is no policy), so none was checked. */
        NOT_CHECKED
    }

    /**
     * The signatures of one format.
     *
     * @param format  {@code cosign}, {@code sigstore bundle}, {@code notation} or {@code simple signing}
     * @param signers the keys or identities that made the verified ones
     */
    public record Format(String format, int count, State state, List<String> signers, String detail) {
        public Format {
            signers = List.copyOf(signers);
        }
    }

    public boolean signed() {
        return !formats.isEmpty();
    }

    public boolean verified() {
        return formats.stream().anyMatch(format -> format.state() == State.VERIFIED);
    }
}
