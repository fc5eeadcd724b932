package dev.berth.trust.verify.sigstore;

import dev.berth.trust.format.dsse.DsseEnvelope;
import dev.berth.trust.format.dsse.InTotoStatement;
import dev.berth.trust.format.sigstore.Bundle;
import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a Sigstore bundle offline, in the order that keeps untrusted bytes from mattering: the signature over the
 * artifact (or the DSSE envelope, then the statement naming the artifact's digest) with the expected key or the
 * certificate's key; every transparency-log entry and signed timestamp against the trusted root, which give the times
 * the signature was observed; then, for a certificate, its chain to the trusted root's Fulcio at each of those times,
 * its certificate-transparency timestamps, and the identity and OIDC issuer expected.
 */
public final class BundleVerifier {

    private final Optional<TrustedRoot> root;

    /** A verifier trusting this root; without one, only key-signed bundles without log entries verify. */
    public BundleVerifier(Optional<TrustedRoot> root) {
        this.root = root;
    }

    /** What was signed: its bytes, or only its digest (an image manifest's, an npm package's). */
    public sealed interface Artifact {

        /** The artifact's bytes. */
        record Bytes(byte[] content) implements Artifact {
        }

        /** The artifact's digest: {@code sha256}, {@code sha384} or {@code sha512}, and the hash. */
        record Digest(String algorithm, byte[] hash) implements Artifact {
        }
    }

    /** Who must have signed. */
    public sealed interface Expected {

        /** The holder of this key. */
        record Key(PublicKey key) implements Expected {
        }

        /** The holder of a certificate issued to this identity (exact SAN) by this OIDC issuer (exact). */
        record Identity(String subject, String issuer) implements Expected {
        }
    }

    /**
     * What a verified bundle vouches for.
     *
     * @param signer    the key's fingerprint, or the certificate's identity
     * @param issuer    the OIDC issuer, for a certificate
     * @param observed  when the logs and timestamp authorities saw the signature
     * @param statement the in-toto statement of a DSSE bundle
     */
    public record Verified(String signer, Optional<String> issuer, List<Instant> observed,
                           Optional<InTotoStatement> statement) {
    }

    public Verified verify(Bundle bundle, Artifact artifact, Expected expected) throws SignatureRefusedException {
        Optional<X509Certificate> certificate = certificate(bundle, expected);
        PublicKey key = certificate.map(X509Certificate::getPublicKey)
                .orElseGet(() -> ((Expected.Key) expected).key());
        Optional<InTotoStatement> statement = signedContent(bundle, artifact, key);
        List<Instant> observed = observed(bundle, key);
        if (certificate.isEmpty()) {
            return new Verified(PublicKeys.fingerprint(key), Optional.empty(), observed, statement);
        }
        Expected.Identity identity = (Expected.Identity) expected;
        if (observed.isEmpty()) {
            throw new SignatureRefusedException(Reason.NOT_LOGGED, "nothing says when the certificate signed: the "
                    + "bundle has no signed entry timestamp and no signed timestamp");
        }
        TrustedRoot trusted = root.orElseThrow();
        X509Certificate issuer = new CertificateCheck(trusted.certificateAuthorities(), true)
                .check(certificate.get(), List.of(), observed);
        if (!trusted.ctlogs().isEmpty()) {
            new SctCheck(trusted.ctlogs()).check(certificate.get(), issuer);
        }
        CertificateIdentity found = CertificateIdentity.of(certificate.get());
        if (!found.names().contains(identity.subject())) {
            throw new SignatureRefusedException(Reason.IDENTITY_MISMATCH, "the certificate was issued to "
                    + found.names() + ", not " + identity.subject());
        }
        if (!found.issuer().map(identity.issuer()::equals).orElse(false)) {
            throw new SignatureRefusedException(Reason.IDENTITY_MISMATCH, "the certificate's OIDC issuer is "
                    + found.issuer().orElse("absent") + ", not " + identity.issuer());
        }
        return new Verified(identity.subject(), found.issuer(), observed, statement);
    }

    private Optional<X509Certificate> certificate(Bundle bundle, Expected expected)
            throws SignatureRefusedException {
        return switch (bundle.signer()) {
            case Bundle.Signer.PublicKeyHint hint -> {
                if (!(expected instanceof Expected.Key)) {
                    throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the bundle was signed with a key, and "
                            + "a certificate identity is expected");
                }
                yield Optional.empty();
            }
            case Bundle.Signer.Certificates certificates -> {
                if (!(expected instanceof Expected.Identity)) {
                    throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the bundle was signed with a "
                            + "certificate, and a key is expected");
                }
                if (root.isEmpty()) {
                    throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "a certificate's bundle needs a trusted "
                            + "root to verify against");
                }
                List<X509Certificate> chain = new ArrayList<>();
                for (byte[] der : certificates.chain()) {
                    chain.add(parse(der));
                }
                for (int i = 1; i < chain.size(); i++) {
                    if (!chain.get(i - 1).getIssuerX500Principal().equals(chain.get(i).getSubjectX500Principal())) {
                        throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the bundle's certificate chain is "
                                + "not a chain: certificate " + (i + 1) + " (" + chain.get(i).getSubjectX500Principal()
                                .getName() + ") did not issue certificate " + i + "; only the leaf is used, and "
                                + "roots come from the trusted root");
                    }
                }
                yield Optional.of(chain.getFirst());
            }
        };
    }

    /** Checks the signature over the artifact or the envelope, and returns the statement of an envelope. */
    private static Optional<InTotoStatement> signedContent(Bundle bundle, Artifact artifact, PublicKey key)
            throws SignatureRefusedException {
        String whose = bundle.signer() instanceof Bundle.Signer.Certificates ? "certificate's key" : "key";
        switch (bundle.content()) {
            case Bundle.Content.MessageSignature message -> {
                String algorithm = ARTIFACT_ALGORITHMS.getOrDefault(message.algorithm(), message.algorithm());
                if (!MessageDigest.isEqual(hash(algorithm, artifact), message.digest())) {
                    throw new SignatureRefusedException(Reason.DIGEST_MISMATCH, "the bundle's message digest is "
                            + "not the artifact's");
                }
                boolean verifies = switch (artifact) {
                    case Artifact.Bytes bytes -> Signatures.verifies(key, bytes.content(), message.signature());
                    case Artifact.Digest digest -> Signatures.verifiesPrehashed(key, digest.hash(),
                            message.signature());
                };
                if (!verifies) {
                    throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the bundle's signature does not "
                            + "verify with the " + whose);
                }
                return Optional.empty();
            }
            case Bundle.Content.Envelope dsse -> {
                DsseEnvelope envelope = dsse.envelope();
                if (!Signatures.verifies(key, envelope.preAuthenticationEncoding(),
                        envelope.signatures().getFirst().signature())) {
                    throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the bundle's DSSE signature does not "
                            + "verify with the " + whose);
                }
                if (!envelope.payloadType().equals(DsseEnvelope.IN_TOTO)) {
                    throw new SignatureRefusedException(Reason.BAD_PAYLOAD, "the envelope's payload is "
                            + envelope.payloadType() + ", not an in-toto statement");
                }
                InTotoStatement statement;
                try {
                    statement = InTotoStatement.parse(envelope.payload());
                } catch (IllegalArgumentException e) {
                    throw new SignatureRefusedException(Reason.BAD_PAYLOAD, e.getMessage());
                }
                String algorithm = artifact instanceof Artifact.Digest digest ? digest.algorithm() : "sha256";
                String hex = HexFormat.of().formatHex(hash(algorithm, artifact));
                if (statement.subjects().stream().noneMatch(subject -> hex.equals(subject.digests()
                        .get(algorithm)))) {
                    throw new SignatureRefusedException(Reason.DIGEST_MISMATCH, "the statement's subjects do not "
                            + "include the artifact (" + algorithm + ":" + hex + ")");
                }
                return Optional.of(statement);
            }
        }
    }

    private static final java.util.Map<String, String> ARTIFACT_ALGORITHMS = java.util.Map.of("SHA2_256", "sha256",
            "SHA2_384", "sha384", "SHA2_512", "sha512");

    /** The times the trusted logs and timestamp authorities vouch for, after checking every one the bundle has. */
    private List<Instant> observed(Bundle bundle, PublicKey key) throws SignatureRefusedException {
        if (root.isEmpty()) {
            if (!bundle.tlog().isEmpty() || !bundle.timestamps().isEmpty()) {
                throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the bundle has transparency-log entries or "
                        + "timestamps, which need a trusted root to be checked (--trusted-root)");
            }
            return List.of();
        }
        List<Instant> observed = new ArrayList<>();
        TransparencyLogCheck logs = new TransparencyLogCheck(root.get().tlogs());
        for (Bundle.TransparencyLogEntry entry : bundle.tlog()) {
            logs.check(entry, bundle, key).ifPresent(observed::add);
        }
        TimestampCheck timestamps = new TimestampCheck(root.get().timestampAuthorities());
        for (byte[] timestamp : bundle.timestamps()) {
            observed.add(timestamps.check(timestamp, bundle.signature()));
        }
        return observed;
    }

    private static X509Certificate parse(byte[] der) throws SignatureRefusedException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the bundle's certificate is not DER X.509");
        }
    }

    /** The artifact's hash with the algorithm ({@code sha256}, {@code sha384}, {@code sha512}). */
    private static byte[] hash(String algorithm, Artifact artifact) throws SignatureRefusedException {
        return switch (artifact) {
            case Artifact.Digest digest -> {
                if (!digest.algorithm().equals(algorithm)) {
                    throw new SignatureRefusedException(Reason.DIGEST_MISMATCH, "the bundle signs a " + algorithm
                            + " digest, and the artifact's is " + digest.algorithm());
                }
                yield digest.hash();
            }
            case Artifact.Bytes bytes -> {
                String name = switch (algorithm) {
                    case "sha256" -> "SHA-256";
                    case "sha384" -> "SHA-384";
                    case "sha512" -> "SHA-512";
                    default -> throw new SignatureRefusedException(Reason.BAD_PAYLOAD, "the bundle's digest "
                            + "algorithm " + algorithm + " is unknown");
                };
                try {
                    yield MessageDigest.getInstance(name).digest(bytes.content());
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
