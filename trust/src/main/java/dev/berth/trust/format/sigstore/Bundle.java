package dev.berth.trust.format.sigstore;

import dev.berth.trust.format.dsse.DsseEnvelope;
import java.util.List;
import java.util.Optional;

/**
 * A Sigstore bundle (v0.1 to v0.3): one signature with what verifies it offline, the signer's public key hint or
 * certificate, transparency-log entries and RFC 3161 timestamps. Parsed only: nothing here is trusted until verified.
 *
 * @param version  the bundle format's version
 * @param signer   who signed: a key hint, or an X.509 certificate (with intermediates, in v0.1 and v0.2)
 * @param tlog     the transparency-log entries
 * @param timestamps the RFC 3161 signed timestamps (DER), each over the signature
 * @param content  a signature over a message digest, or a DSSE envelope
 */
public record Bundle(Version version, Signer signer, List<TransparencyLogEntry> tlog, List<byte[]> timestamps,
                     Content content) {

    /** {@code cosign sign}'s current media type for bundles as referrers. */
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    public Bundle {
        tlog = List.copyOf(tlog);
        timestamps = List.copyOf(timestamps);
    }

    /** The bundle format's versions, with the rules that differ between them. */
    public enum Version {
        V0_1, V0_2, V0_3
    }

    /** Who signed. */
    public sealed interface Signer {

        /** A key the verifier knows, named by a hint (often empty or a key ID). */
        record PublicKeyHint(String hint) implements Signer {
        }

        /** An X.509 certificate (DER), leaf first, followed by the intermediates a v0.1/v0.2 chain may carry. */
        record Certificates(List<byte[]> chain) implements Signer {
            public Certificates {
                chain = List.copyOf(chain);
            }

            public byte[] leaf() {
                return chain.getFirst();
            }
        }
    }

    /** What was signed. */
    public sealed interface Content {

        /** A signature over an artifact whose digest is given (SHA2_256, SHA2_384 or SHA2_512). */
        record MessageSignature(String algorithm, byte[] digest, byte[] signature) implements Content {
        }

        /** A DSSE envelope, whose payload (an in-toto statement) names the artifact's digest. */
        record Envelope(DsseEnvelope envelope) implements Content {
        }
    }

    /** The one signature's bytes, as a transparency log or a timestamp authority saw them. */
    public byte[] signature() {
        return switch (content) {
            case Content.MessageSignature message -> message.signature();
            case Content.Envelope dsse -> dsse.envelope().signatures().getFirst().signature();
        };
    }

    /** A transparency-log entry of the signature. */
    public record TransparencyLogEntry(long logIndex, byte[] logId, String kind, String kindVersion,
                                       Optional<Long> integratedTime, Optional<byte[]> signedEntryTimestamp,
                                       Optional<InclusionProof> inclusionProof, byte[] canonicalizedBody) {
    }

    /**
     * A Merkle inclusion proof of an entry, with the log's signed checkpoint (a signed note; v0.1 bundles may lack
     * it, and rely on their signed entry timestamp).
     */
    public record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes,
                                 Optional<String> checkpoint) {
        public InclusionProof {
            hashes = List.copyOf(hashes);
        }
    }
}
