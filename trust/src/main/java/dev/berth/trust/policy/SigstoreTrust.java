package dev.berth.trust.policy;

import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.sigstore.CosignCertificateVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trust material of a {@code sigstoreSigned} requirement, read from its files and data: the signer's public
 * keys, or the certificate authorities (Fulcio's, a private PKI's) and the identity their certificates must name; and
 * Rekor's keys. For bundles it is also a trusted root: Berth's {@code keyless} names a Sigstore trusted root; for the
 * others it is made of these authorities and logs, with no CT log and no timestamp authority (containers-policy.json
 * names none).
 */
record SigstoreTrust(List<PublicKey> keys, List<TrustedRoot.Authority> authorities,
                     Optional<CosignCertificateVerifier.Identity> identity, List<PublicKey> rekorKeys,
                     Optional<TrustedRoot> trustedRoot) {

    private static final TrustedRoot.Validity ALWAYS = new TrustedRoot.Validity(Instant.EPOCH, Optional.empty());

    /**
     * Reads the requirement's material.
     *
     * @throws IllegalArgumentException naming a key or certificate that cannot be read
     */
    static SigstoreTrust of(Requirement.SigstoreSigned requirement) throws IOException {
        List<PublicKey> rekor = requirement.rekorKeys().isPresent() ? keys(requirement.rekorKeys().get()) : List.of();
        return switch (requirement.signer()) {
            case Requirement.Signer.PublicKeys publicKeys -> new SigstoreTrust(keys(publicKeys.keys()), List.of(),
                    Optional.empty(), rekor, Optional.empty());
            case Requirement.Signer.Fulcio fulcio -> new SigstoreTrust(List.of(), List.of(new TrustedRoot.Authority(
                    "fulcio", certificates(fulcio.certificateAuthority()), ALWAYS)), Optional.of(
                    new CosignCertificateVerifier.Identity(fulcio.subjectEmail(), "", fulcio.oidcIssuer())), rekor,
                    Optional.empty());
            case Requirement.Signer.Keyless keyless -> {
                OpenPgpKeys.Source file = KeySources.read(keyless.trustedRoot()).getFirst();
                TrustedRoot root;
                try {
                    root = TrustedRoot.parse(file.bytes());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file.name() + ": " + e.getMessage());
                }
                List<PublicKey> logs = new ArrayList<>(rekor);
                root.tlogs().forEach(log -> logs.add(log.key()));
                yield new SigstoreTrust(List.of(), root.certificateAuthorities(), Optional.of(
                        new CosignCertificateVerifier.Identity(keyless.subject(), "", keyless.issuer())), logs,
                        Optional.of(root));
            }
            case Requirement.Signer.Pki pki -> {
                List<X509Certificate> chain = new ArrayList<>(certificates(pki.roots()));
                if (pki.intermediates().isPresent()) {
                    chain.addAll(certificates(pki.intermediates().get()));
                }
                yield new SigstoreTrust(List.of(), List.of(new TrustedRoot.Authority("pki", chain, ALWAYS)),
                        Optional.of(new CosignCertificateVerifier.Identity(pki.subjectEmail(), pki.subjectHostname(),
                                "")), rekor, Optional.empty());
            }
        };
    }

    /** The trusted root bundles are verified against: these authorities and Rekor logs, when there are any. */
    Optional<TrustedRoot> root() {
        if (trustedRoot.isPresent()) {
            return trustedRoot;
        }
        if (authorities.isEmpty() && rekorKeys.isEmpty()) {
            return Optional.empty();
        }
        List<TrustedRoot.Log> logs = new ArrayList<>();
        for (PublicKey key : rekorKeys) {
            logs.add(new TrustedRoot.Log("", key, keyId(key), ALWAYS));
        }
        return Optional.of(new TrustedRoot(logs, authorities, List.of(), List.of()));
    }

    private static byte[] keyId(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<PublicKey> keys(Requirement.KeySource source) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (OpenPgpKeys.Source read : KeySources.read(source)) {
            keys.add(PublicKeys.readPem(read.name(), new String(read.bytes(), StandardCharsets.US_ASCII)));
        }
        return keys;
    }

    private static List<X509Certificate> certificates(Requirement.KeySource source) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (OpenPgpKeys.Source read : KeySources.read(source)) {
            try {
                for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(read.bytes()))) {
                    certificates.add((X509Certificate) certificate);
                }
            } catch (CertificateException e) {
                throw new IllegalArgumentException(read.name() + " is not PEM X.509 certificates");
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(read.name() + " holds no certificate");
            }
        }
        return certificates;
    }
}
