package dev.berth.trust.verify.notation;

import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * A Notary envelope's RFC 3161 timestamp countersignature: over the hash of the signature bytes, signed by a timestamp
 * authority whose certificate (carried in the token) chains to a {@code tsa:} trust store of the statement at the
 * stamped time.
 */
final class NotationTimestamp {

    private final TrustStore store;

    NotationTimestamp(TrustStore store) {
        this.store = store;
    }

    Instant check(byte[] token, byte[] signature, List<String> trustStores) throws SignatureRefusedException {
        TimeStampToken parsed;
        try {
            parsed = new TimeStampToken(new CMSSignedData(token));
        } catch (Exception e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the timestamp countersignature is not an RFC "
                    + "3161 token");
        }
        Instant time = parsed.getTimeStampInfo().getGenTime().toInstant();
        String algorithm = switch (parsed.getTimeStampInfo().getMessageImprintAlgOID().getId()) {
            case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
            default -> throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the timestamp uses an unknown "
                    + "hash");
        };
        try {
            if (!MessageDigest.isEqual(MessageDigest.getInstance(algorithm).digest(signature),
                    parsed.getTimeStampInfo().getMessageImprintDigest())) {
                throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the timestamp is over other bytes than "
                        + "the signature");
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (String name : trustStores) {
            if (name.startsWith("tsa:")) {
                try {
                    store.certificates(name).forEach(certificate -> anchors.add(new TrustAnchor(certificate, null)));
                } catch (IOException e) {
                    throw new SignatureRefusedException(Reason.UNKNOWN_KEY, e.getMessage());
                }
            }
        }
        if (anchors.isEmpty()) {
            throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the signature is timestamped and the statement "
                    + "names no tsa: trust store to check the timestamp with");
        }
        List<X509Certificate> carried = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            org.bouncycastle.util.Store<X509CertificateHolder> certificates = parsed.getCertificates();
            for (X509CertificateHolder holder : certificates.getMatches(null)) {
                carried.add(converter.getCertificate(holder));
            }
            java.util.Collection<X509CertificateHolder> matching = certificates.getMatches(parsed.getSID());
            if (matching.isEmpty()) {
                throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the timestamp does not carry its "
                        + "authority's certificate");
            }
            X509CertificateHolder signer = matching.iterator().next();
            parsed.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
            List<X509Certificate> path = new ArrayList<>();
            path.add(converter.getCertificate(signer));
            for (X509Certificate certificate : carried) {
                if (!certificate.equals(path.getFirst()) && !certificate.getSubjectX500Principal().equals(
                        certificate.getIssuerX500Principal())) {
                    path.add(certificate);
                }
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(time));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(path), parameters);
        } catch (SignatureRefusedException e) {
            throw e;
        } catch (GeneralSecurityException | org.bouncycastle.tsp.TSPException
                 | org.bouncycastle.operator.OperatorCreationException e) {
            throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the timestamp is not by an authority of the "
                    + "statement's tsa: trust stores, valid at " + time + " (" + e.getMessage() + ")");
        }
        return time;
    }
}
