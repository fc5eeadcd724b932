package dev.berth.trust.verify.sigstore;

import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.RekorSetVerifier;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * That a transparency-log entry proves the signature was logged by a log the trusted root names: its signed entry
 * timestamp (Rekor v1), its inclusion proof up to a checkpoint the log signed, and a body recording this signature.
 */
final class TransparencyLogCheck {

    private final List<TrustedRoot.Log> logs;

    TransparencyLogCheck(List<TrustedRoot.Log> logs) {
        this.logs = List.copyOf(logs);
    }

    /** Checks an entry and returns the time the log vouches it integrated the entry, if it signed one. */
    Optional<Instant> check(Bundle.TransparencyLogEntry entry, Bundle bundle, PublicKey signer)
            throws SignatureRefusedException {
        TrustedRoot.Log log = logs.stream().filter(candidate -> MessageDigest.isEqual(candidate.keyId(),
                entry.logId())).findFirst().orElseThrow(() -> refused("the entry is from a log the trusted root "
                + "does not name (log ID " + Base64.getEncoder().encodeToString(entry.logId()) + ")"));
        Optional<Instant> integrated = Optional.empty();
        if (entry.signedEntryTimestamp().isPresent()) {
            long time = entry.integratedTime().orElseThrow(() -> refused("the entry has a signed entry timestamp "
                    + "but no integratedTime"));
            byte[] signed = RekorSetVerifier.canonicalEntry(Base64.getEncoder().encodeToString(
                    entry.canonicalizedBody()), time, HexFormat.of().formatHex(entry.logId()), entry.logIndex());
            if (!Signatures.verifies(log.key(), signed, entry.signedEntryTimestamp().get())) {
                throw refused("the entry's signed entry timestamp is not the log's signature");
            }
            integrated = Optional.of(Instant.ofEpochSecond(time));
            if (!log.validity().covers(integrated.get())) {
                throw refused("the log's key was not trusted at " + integrated.get());
            }
        }
        if (entry.inclusionProof().isPresent()) {
            included(entry, entry.inclusionProof().get(), log);
        }
        if (entry.signedEntryTimestamp().isEmpty() && entry.inclusionProof().flatMap(Bundle.InclusionProof::checkpoint)
                .isEmpty()) {
            throw refused("the entry has neither a signed entry timestamp nor a signed checkpoint");
        }
        LoggedEntry.requireRecords(entry, bundle, signer);
        return integrated;
    }

    private static void included(Bundle.TransparencyLogEntry entry, Bundle.InclusionProof proof, TrustedRoot.Log log)
            throws SignatureRefusedException {
        if (!MerkleInclusion.verifies(proof.logIndex(), proof.treeSize(), MerkleInclusion.leafHash(
                entry.canonicalizedBody()), proof.hashes(), proof.rootHash())) {
            throw refused("the inclusion proof does not lead to its root hash");
        }
        if (proof.checkpoint().isEmpty()) {
            return;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(proof.checkpoint().get());
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
        if (checkpoint.treeSize() != proof.treeSize() || !MessageDigest.isEqual(checkpoint.rootHash(),
                proof.rootHash())) {
            throw refused("the checkpoint is for another tree than the inclusion proof");
        }
        if (!checkpoint.signedBy(log.key(), log.keyId())) {
            throw refused("the checkpoint is not signed by the log");
        }
    }

    private static SignatureRefusedException refused(String why) {
        return new SignatureRefusedException(Reason.BAD_SIGNATURE, why);
    }
}
