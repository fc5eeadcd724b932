package dev.berth.trust.verify.notation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.trust.format.StrictJson;
import dev.berth.trust.format.notation.NotationEnvelope;
import dev.berth.trust.format.notation.TrustPolicy;
import dev.berth.trust.format.notation.TrustPolicy.Action;
import dev.berth.trust.format.notation.TrustPolicy.Check;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Verifies a Notary signature under a trust-policy statement, check by check as the Notary Project specifies:
 * integrity (the signature, then the payload naming exactly this manifest), authenticity (the chain to the
 * statement's trust store, a trusted identity), authentic timestamp (the chain valid at the signing authority's time,
 * a trusted RFC 3161 timestamp's, or now), expiry, and revocation (not checked: Berth works offline, and says so).
 * Each failure is enforced, logged or skipped as the statement's level and overrides say.
 */
public final class NotationVerifier {

    private final TrustStore store;
    private final Clock clock;

    public NotationVerifier(TrustStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * What a verified signature vouches for.
     *
     * @param signer   the signing certificate's subject
     * @param signedAt the time the chain was checked at
     * @param warnings the failures the statement logs instead of enforcing
     */
    public record Verified(String signer, Instant signedAt, List<String> warnings) {
    }

    public Verified verify(NotationEnvelope envelope, TrustPolicy.Statement statement, Descriptor manifest)
            throws SignatureRefusedException {
        List<String> warnings = new ArrayList<>();
        List<X509Certificate> chain = certificates(envelope.chain());
        X509Certificate leaf = chain.getFirst();
        if (!EnvelopeSignature.verifies(envelope.algorithm(), leaf.getPublicKey(), envelope.signedContent(),
                envelope.signature())) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "integrity: the signature does not verify with "
                    + "its certificate's key");
        }
        requireTarget(envelope.payload().orElseThrow(() -> new SignatureRefusedException(Reason.BAD_PAYLOAD,
                "integrity: the payload is not base64url")), manifest);
        authenticity(envelope, statement, chain, warnings);
        Instant at = signingTime(envelope, statement, warnings);
        for (X509Certificate certificate : chain) {
            try {
                certificate.checkValidity(Date.from(at));
            } catch (CertificateException e) {
                failed(statement, Check.AUTHENTIC_TIMESTAMP, Reason.EXPIRED, "authentic timestamp: "
                        + certificate.getSubjectX500Principal().getName() + " is not valid at " + at + " (valid "
                        + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant()
                        + ")", warnings);
            }
        }
        if (envelope.expiry().isPresent() && clock.instant().isAfter(envelope.expiry().get())) {
            failed(statement, Check.EXPIRY, Reason.EXPIRED, "expiry: the signature expired at "
                    + envelope.expiry().get(), warnings);
        }
        if (statement.actions().get(Check.REVOCATION) != Action.SKIP) {
            warnings.add("revocation: not checked (Berth verifies offline; no OCSP or CRL is fetched)");
        }
        return new Verified(leaf.getSubjectX500Principal().getName(), at, warnings);
    }

    private void authenticity(NotationEnvelope envelope, TrustPolicy.Statement statement,
                              List<X509Certificate> chain, List<String> warnings) throws SignatureRefusedException {
        String type = envelope.signingScheme().equals(NotationEnvelope.SIGNING_AUTHORITY) ? "signingAuthority:"
                : "ca:";
        Set<TrustAnchor> anchors = new HashSet<>();
        for (String name : statement.trustStores()) {
            if (name.startsWith(type)) {
                try {
                    store.certificates(name).forEach(certificate -> anchors.add(new TrustAnchor(certificate, null)));
                } catch (IOException e) {
                    throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "authenticity: " + e.getMessage());
                }
            }
        }
        if (!chained(chain, anchors)) {
            failed(statement, Check.AUTHENTICITY, Reason.UNKNOWN_KEY, "authenticity: the signing certificate "
                    + chain.getFirst().getSubjectX500Principal().getName() + " does not chain to a certificate of "
                    + "the trust stores " + statement.trustStores() + " of statement " + statement.name(), warnings);
        }
        if (!statement.anyIdentity() && statement.trustedIdentities().stream()
                .noneMatch(identity -> matches(identity, chain.getFirst()))) {
            failed(statement, Check.AUTHENTICITY, Reason.IDENTITY_MISMATCH, "authenticity: the signer "
                    + chain.getFirst().getSubjectX500Principal().getName() + " is not a trusted identity of statement "
                    + statement.name(), warnings);
        }
    }

    /** The time the chain must be valid at: the signing authority's, a trusted timestamp's, or now. */
    private Instant signingTime(NotationEnvelope envelope, TrustPolicy.Statement statement, List<String> warnings)
            throws SignatureRefusedException {
        if (envelope.signingScheme().equals(NotationEnvelope.SIGNING_AUTHORITY)) {
            return envelope.authenticSigningTime().orElseThrow();
        }
        if (envelope.timestamp().isPresent()) {
            try {
                return new NotationTimestamp(store).check(envelope.timestamp().get(), envelope.signature(),
                        statement.trustStores());
            } catch (SignatureRefusedException e) {
                failed(statement, Check.AUTHENTIC_TIMESTAMP, e.reason(), "authentic timestamp: " + e.getMessage(),
                        warnings);
            }
        }
        return clock.instant();
    }

    private static boolean chained(List<X509Certificate> chain, Set<TrustAnchor> anchors) {
        X509Certificate leaf = chain.getFirst();
        if (anchors.stream().anyMatch(anchor -> anchor.getTrustedCert().equals(leaf))) {
            return true;
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.getLast();
        if (path.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            path.removeLast();
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(leaf.getNotBefore());
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean matches(Map<String, String> identity, X509Certificate leaf) {
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        for (Map.Entry<String, String> attribute : identity.entrySet()) {
            RDN[] values;
            try {
                values = subject.getRDNs(BCStyle.INSTANCE.attrNameToOID(attribute.getKey()));
            } catch (IllegalArgumentException unknownAttribute) {
                return false;
            }
            if (values.length != 1 || !IETFUtils.valueToString(values[0].getFirst().getValue())
                    .equals(attribute.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void requireTarget(byte[] payload, Descriptor manifest) throws SignatureRefusedException {
        JsonNode target;
        try {
            StrictJson json = new StrictJson("the Notary payload");
            JsonNode root = json.read(payload);
            json.only(root, "", Set.of("targetArtifact"));
            target = root.get("targetArtifact");
            json.object(target, "targetArtifact");
        } catch (IllegalArgumentException e) {
            throw new SignatureRefusedException(Reason.BAD_PAYLOAD, "integrity: " + e.getMessage());
        }
        boolean same = manifest.digest().toString().equals(target.path("digest").asText())
                && target.path("size").canConvertToExactIntegral() && target.path("size").asLong() == manifest.size()
                && manifest.mediaType().equals(target.path("mediaType").asText());
        if (!same) {
            throw new SignatureRefusedException(Reason.DIGEST_MISMATCH, "integrity: the signature is for "
                    + target.path("mediaType").asText() + " " + target.path("digest").asText() + " ("
                    + target.path("size").asText() + " bytes), not for this manifest " + manifest.digest());
        }
    }

    private static void failed(TrustPolicy.Statement statement, Check check, Reason reason, String message,
                               List<String> warnings) throws SignatureRefusedException {
        switch (statement.actions().get(check)) {
            case ENFORCE -> throw new SignatureRefusedException(reason, message);
            case LOG -> warnings.add(message);
            case SKIP -> {
            }
        }
    }

    private static List<X509Certificate> certificates(List<byte[]> chain) throws SignatureRefusedException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : chain) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the envelope's certificate chain is not "
                    + "DER X.509");
        }
        return certificates;
    }
}
