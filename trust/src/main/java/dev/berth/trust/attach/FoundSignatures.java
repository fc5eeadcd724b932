package dev.berth.trust.attach;

import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.notation.NotationEnvelope;
import dev.berth.trust.format.sigstore.Bundle;
import java.util.List;

/**
 * The signatures found for one image, by format, as read and not yet verified; and what was found but could not be
 * read as a signature, so that a rejection can say so.
 *
 * @param simpleSigning GPG simple signing signatures (lookaside, the registry's signature extension)
 * @param cosign        cosign signatures (the {@code sha256-<hex>.sig} tag)
 * @param bundles       Sigstore bundles (referrers)
 * @param notation      Notary signature envelopes (referrers)
 * @param unreadable    why each unreadable attachment was skipped
 */
public record FoundSignatures(List<byte[]> simpleSigning, List<CosignSignature> cosign, List<Bundle> bundles,
                              List<NotationEnvelope> notation, List<String> unreadable) {

    public FoundSignatures {
        simpleSigning = List.copyOf(simpleSigning);
        cosign = List.copyOf(cosign);
        bundles = List.copyOf(bundles);
        notation = List.copyOf(notation);
        unreadable = List.copyOf(unreadable);
    }

    public static FoundSignatures none() {
        return new FoundSignatures(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public static FoundSignatures simpleSigning(List<byte[]> signatures) {
        return new FoundSignatures(signatures, List.of(), List.of(), List.of(), List.of());
    }

    public static FoundSignatures cosign(List<CosignSignature> signatures) {
        return new FoundSignatures(List.of(), signatures, List.of(), List.of(), List.of());
    }

    public static FoundSignatures bundles(List<Bundle> bundles) {
        return new FoundSignatures(List.of(), List.of(), bundles, List.of(), List.of());
    }

    public static FoundSignatures notation(List<NotationEnvelope> envelopes) {
        return new FoundSignatures(List.of(), List.of(), List.of(), envelopes, List.of());
    }

    /** How many signatures there are, of every format. */
    public int count() {
        return simpleSigning.size() + cosign.size() + bundles.size() + notation.size();
    }

    /** These and those together. */
    public FoundSignatures and(FoundSignatures other) {
        return new FoundSignatures(concat(simpleSigning, other.simpleSigning), concat(cosign, other.cosign),
                concat(bundles, other.bundles), concat(notation, other.notation),
                concat(unreadable, other.unreadable));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
