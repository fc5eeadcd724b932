package dev.berth.trust.verify.sigstore;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.simplesigning.UntrustedSimpleSigning;
import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.RekorSetVerifier;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import dev.berth.trust.verify.SignedPayload;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a cosign signature made with a certificate ({@code cosign sign} keyless with Fulcio, or {@code --cert} of a
 * private PKI), in its legacy layout: the certificate and chain annotations, the signature over the payload with the
 * certificate's key, the Rekor signed entry timestamp when Rekor's keys are given (which says when the signature was
 * made; required for Fulcio's short-lived certificates), the certificate's path to the authority at that time (now,
 * without Rekor), its identity, and then the payload, which must name these manifest bytes.
 */
public final class CosignCertificateVerifier {

    static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
    static final String CHAIN = "dev.sigstore.cosign/chain";
    static final String REKOR_BUNDLE = "dev.sigstore.cosign/bundle";

    private final List<TrustedRoot.Authority> authorities;
    private final List<PublicKey> rekorKeys;
    private final Clock clock;

    /**
     * @param authorities the certificate authorities trusted to issue signing certificates
     * @param rekorKeys   Rekor's public keys; when there are some, the signature must carry a timestamp by one
     */
    public CosignCertificateVerifier(List<TrustedRoot.Authority> authorities, List<PublicKey> rekorKeys,
                                     Clock clock) {
        this.authorities = List.copyOf(authorities);
        this.rekorKeys = List.copyOf(rekorKeys);
        this.clock = clock;
    }

    /**
     * Who must have signed: a certificate naming each non-empty one of these (the subject an e-mail address or URI),
     * from this OIDC issuer if not empty.
     */
    public record Identity(String subject, String hostname, String oidcIssuer) {
    }

    /**
     * What a valid signature vouches for.
     *
     * @param signer          the certificate's identity
     * @param manifestDigest  the digest of the manifest it signed
     * @param dockerReference the repository (or reference) it names
     * @param signedAt        when it was logged, or checked
     */
    public record Verified(CertificateIdentity signer, Digest manifestDigest, String dockerReference,
                           Instant signedAt) {
    }

    public Verified verify(CosignSignature signature, byte[] manifest, Identity expected)
            throws SignatureRefusedException {
        X509Certificate leaf = certificates(signature.annotations().get(CERTIFICATE), "certificate").stream()
                .findFirst().orElseThrow(() -> new SignatureRefusedException(Reason.UNKNOWN_KEY, "the signature has "
                        + "no certificate (" + CERTIFICATE + "); it was made with a key"));
        List<X509Certificate> carried = signature.annotations().containsKey(CHAIN)
                ? certificates(signature.annotations().get(CHAIN), "chain") : List.of();
        if (!Signatures.verifies(leaf.getPublicKey(), signature.payload(), signature.signature())) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signature does not verify with its "
                    + "certificate's key");
        }
        Instant signedAt = logged(signature, leaf.getPublicKey()).orElseGet(clock::instant);
        new CertificateCheck(authorities, !expected.oidcIssuer().isEmpty()).check(leaf, carried, List.of(signedAt));
        CertificateIdentity identity = CertificateIdentity.of(leaf);
        require(expected.subject(), identity, "identity");
        require(expected.hostname(), identity, "host name");
        if (!expected.oidcIssuer().isEmpty() && !identity.issuer().map(expected.oidcIssuer()::equals)
                .orElse(false)) {
            throw new SignatureRefusedException(Reason.IDENTITY_MISMATCH, "the certificate's OIDC issuer is "
                    + identity.issuer().orElse("absent") + ", not " + expected.oidcIssuer());
        }
        SignedPayload checked = SignedPayload.check(signature.payload(), UntrustedSimpleSigning.COSIGN_TYPE,
                manifest, "the signature by " + identity.names());
        return new Verified(identity, checked.manifestDigest(), checked.payload().dockerReference(), signedAt);
    }

    private Optional<Instant> logged(CosignSignature signature, PublicKey key) throws SignatureRefusedException {
        if (rekorKeys.isEmpty()) {
            return Optional.empty();
        }
        String bundle = signature.annotations().get(REKOR_BUNDLE);
        if (bundle == null) {
            throw new SignatureRefusedException(Reason.NOT_LOGGED, "the signature has no Rekor signed entry "
                    + "timestamp (" + REKOR_BUNDLE + "), which the policy requires");
        }
        return Optional.of(new RekorSetVerifier(rekorKeys).verify(bundle.getBytes(StandardCharsets.UTF_8),
                signature.signature(), key, signature.payload()));
    }

    private static void require(String expected, CertificateIdentity identity, String what)
            throws SignatureRefusedException {
        if (!expected.isEmpty() && !identity.names().contains(expected)) {
            throw new SignatureRefusedException(Reason.IDENTITY_MISMATCH, "the certificate was issued to "
                    + identity.names() + ", not to the " + what + " " + expected);
        }
    }

    private static List<X509Certificate> certificates(String pem, String what) throws SignatureRefusedException {
        if (pem == null) {
            return List.of();
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signature's " + what + " is not PEM "
                    + "X.509");
        }
    }
}
