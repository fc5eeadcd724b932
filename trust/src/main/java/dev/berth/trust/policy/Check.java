package dev.berth.trust.policy;

import dev.berth.trust.attach.FoundSignatures;
import java.util.List;
import java.util.Optional;

/** What checking one signature requirement came to, and the shared wording of its refusals. */
final class Check {

    private Check() {
    }

    /** Satisfied (by a signature, or by nothing for requirements that need none), or refused with the reason. */
    sealed interface Outcome {

        record Satisfied(Optional<PolicyEvaluator.AcceptedSignature> by) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }

        static Outcome passed() {
            return new Satisfied(Optional.empty());
        }

        static Outcome by(PolicyEvaluator.AcceptedSignature signature) {
            return new Satisfied(Optional.of(signature));
        }
    }

    /** The refusal when no signature of a format satisfied a requirement. */
    static Outcome.Refused noneAcceptable(String format, List<String> refusals, FoundSignatures found) {
        if (refusals.isEmpty()) {
            return new Outcome.Refused("the image has no " + format + " signatures" + (found.unreadable().isEmpty()
                    ? "" : " (skipped: " + String.join("; ", found.unreadable()) + ")"));
        }
        return new Outcome.Refused("no " + format + " signature is acceptable: " + String.join("; ", refusals));
    }
}
