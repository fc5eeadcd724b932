package dev.berth.cli.trust;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.distribution.ArtifactRepository;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.reference.Reference;
import dev.berth.trust.attach.BundleReferrers;
import dev.berth.trust.attach.CosignTag;
import dev.berth.trust.attach.NotationReferrers;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.format.dsse.InTotoStatement;
import dev.berth.trust.format.notation.NotationEnvelope;
import dev.berth.trust.keys.PrivateKeys;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.sign.BundleSigner;
import dev.berth.trust.sign.CosignSigner;
import dev.berth.trust.sign.NotationSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signing an image in a registry with a key, in one of the formats {@code berth sign} and {@code berth build --sign}
 * write: a Sigstore bundle referrer, cosign's {@code .sig} tag, or a Notary JWS referrer (with its certificate chain).
 *
 * @param key         a cosign key file (password from COSIGN_PASSWORD, else asked) or a PKCS#8 PEM key
 * @param format      {@code bundle}, {@code cosign} or {@code notation}
 * @param certificate the certificate chain (PEM) a Notary signature carries
 * @param identity    the image name to vouch for, instead of the repository
 * @param envelope    a Notary signature's envelope: {@code jws} or {@code cose}
 */
public record KeySigning(Path key, String format, Optional<Path> certificate, Optional<String> identity,
                         String envelope) {

    public KeySigning {
        if (!List.of("bundle", "cosign", "notation").contains(format)) {
            throw new IllegalArgumentException("--format is bundle, cosign or notation, not '" + format + "'");
        }
        if (!List.of("jws", "cose").contains(envelope)) {
            throw new IllegalArgumentException("--signature-format is jws or cose, not '" + envelope + "'");
        }
        if (format.equals("notation") && certificate.isEmpty()) {
            throw new IllegalArgumentException("--format notation needs --cert FILE, the signing certificate chain");
        }
    }

    /** Signs the manifest of the image in its repository; returns what was written, for people to read. */
    public String sign(ArtifactRepository repository, Reference reference, Descriptor manifest,
                       Map<String, String> environment, Clock clock) throws IOException {
        PrivateKey privateKey = privateKey(environment);
        String vouchedFor = identity.orElse(reference.repositoryOnly().toString());
        String fingerprint = PublicKeys.fingerprint(PrivateKeys.publicKey(privateKey));
        return switch (format) {
            case "bundle" -> {
                Digest referrer = new BundleReferrers().attach(repository, manifest, new BundleSigner(privateKey)
                        .sign(vouchedFor, manifest.digest()), InTotoStatement.COSIGN_SIGN, clock);
                yield "(Sigstore bundle, as " + vouchedFor + ", key " + fingerprint + "); the bundle is the referrer "
                        + repository.name() + "@" + referrer;
            }
            case "cosign" -> {
                CosignSignature signature = new CosignSigner(privateKey).sign(vouchedFor, manifest.digest());
                new CosignTag().append(repository, manifest.digest(), signature);
                yield "(cosign, as " + vouchedFor + ", key " + fingerprint + "); the signature is in "
                        + repository.name() + ":" + CosignTag.tag(manifest.digest());
            }
            default -> {
                List<X509Certificate> chain = chain(certificate.orElseThrow());
                String mediaType = envelope.equals("cose") ? NotationEnvelope.COSE : NotationEnvelope.JWS;
                byte[] signed = new NotationSigner(privateKey, chain, clock).sign(manifest, mediaType);
                Digest referrer = new NotationReferrers().attach(repository, manifest, signed, mediaType, chain,
                        clock);
                yield "(Notary " + envelope.toUpperCase(java.util.Locale.ROOT) + ", by " + chain.getFirst()
                        .getSubjectX500Principal().getName() + "); the signature is the referrer " + repository.name()
                        + "@" + referrer;
            }
        };
    }

    private PrivateKey privateKey(Map<String, String> environment) throws IOException {
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        char[] password = pem.contains("-----BEGIN PRIVATE KEY-----") ? new char[0]
                : CosignPassword.toOpen(environment);
        return PrivateKeys.read(key.toString(), pem, password);
    }

    private static List<X509Certificate> chain(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (var in = Files.newInputStream(file)) {
            for (var read : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) read);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " is not PEM certificates");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no certificate");
        }
        return chain;
    }
}
