package dev.berth.trust.verify.sigstore;

import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * That a signing certificate chains to a certificate authority (Fulcio's, or a private PKI's) at each time the
 * signature was observed, that the authority was trusted then, and (for Fulcio) that it is for code signing. The
 * authority's self-signed certificates are the anchors; its other certificates, and intermediates the signature
 * carries, may complete the path (they are checked like any certificate on it).
 */
final class CertificateCheck {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private final List<TrustedRoot.Authority> authorities;
    private final boolean codeSigning;

    /**
     * @param codeSigning whether the certificate must be for code signing, as Fulcio's are (a private PKI's need
     *                    not be, as containers/image accepts them)
     */
    CertificateCheck(List<TrustedRoot.Authority> authorities, boolean codeSigning) {
        this.authorities = List.copyOf(authorities);
        this.codeSigning = codeSigning;
    }

    /** Returns the certificate that issued the leaf, on a path valid at every one of the times. */
    X509Certificate check(X509Certificate leaf, List<X509Certificate> carried, List<Instant> times)
            throws SignatureRefusedException {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (codeSigning && (usages == null || !usages.contains(CODE_SIGNING))) {
                throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signing certificate is not for code "
                        + "signing");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signing certificate's key usages cannot "
                    + "be read");
        }
        for (Instant time : times) {
            try {
                leaf.checkValidity(Date.from(time));
            } catch (java.security.cert.CertificateExpiredException
                     | java.security.cert.CertificateNotYetValidException e) {
                throw new SignatureRefusedException(Reason.EXPIRED, "the signing certificate was not valid at " + time
                        + " (it is valid from " + leaf.getNotBefore().toInstant() + " to "
                        + leaf.getNotAfter().toInstant() + ")");
            }
        }
        List<String> failures = new ArrayList<>();
        for (TrustedRoot.Authority authority : authorities) {
            X509Certificate issuer = null;
            String failure = null;
            for (Instant time : times) {
                if (!authority.validity().covers(time)) {
                    failure = "not trusted at " + time;
                    break;
                }
                try {
                    issuer = issuer(authority, leaf, carried, time);
                } catch (GeneralSecurityException e) {
                    failure = e.getMessage() + " at " + time;
                    break;
                }
            }
            if (failure == null && issuer != null) {
                return issuer;
            }
            failures.add((authority.uri().isEmpty() ? "the authority" : authority.uri()) + ": " + failure);
        }
        throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the signing certificate (issued by "
                + leaf.getIssuerX500Principal().getName() + ") is not vouched for by the trusted certificate "
                + "authorities" + (failures.isEmpty() ? " (there are none)" : ": " + String.join("; ", failures)));
    }

    private static X509Certificate issuer(TrustedRoot.Authority authority, X509Certificate leaf,
                                          List<X509Certificate> carried, Instant time)
            throws GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        List<X509Certificate> intermediates = new ArrayList<>(carried);
        for (X509Certificate certificate : authority.chain()) {
            if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                anchors.add(new TrustAnchor(certificate, null));
            } else {
                intermediates.add(certificate);
            }
        }
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("the authority has no root certificate");
        }
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf);
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
        List<X509Certificate> store = new ArrayList<>(intermediates);
        store.add(leaf);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(time));
        PKIXCertPathBuilderResult built = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                .build(parameters);
        List<? extends java.security.cert.Certificate> path = built.getCertPath().getCertificates();
        return path.size() > 1 ? (X509Certificate) path.get(1) : built.getTrustAnchor().getTrustedCert();
    }
}
