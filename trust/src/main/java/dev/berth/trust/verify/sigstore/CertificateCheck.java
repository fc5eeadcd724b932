package dev.berth.trust.verify.sigstore;

import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * That a signing certificate chains to a certificate authority of the trusted root (Fulcio's) at each time the
 * signature was observed, that the authority was trusted then, and that it is a code-signing certificate. Only the
 * trusted root's certificates build the chain: intermediates a bundle carries are not trusted.
 */
final class CertificateCheck {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private final List<TrustedRoot.Authority> authorities;

    CertificateCheck(List<TrustedRoot.Authority> authorities) {
        this.authorities = List.copyOf(authorities);
    }

    /** Returns the authority's chain that vouches for the leaf at every one of the times. */
    List<X509Certificate> check(X509Certificate leaf, List<Instant> times) throws SignatureRefusedException {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CODE_SIGNING)) {
                throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signing certificate is not for code "
                        + "signing");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signing certificate's key usages cannot "
                    + "be read");
        }
        List<String> failures = new ArrayList<>();
        for (TrustedRoot.Authority authority : authorities) {
            String failure = failure(authority, leaf, times);
            if (failure == null) {
                return authority.chain();
            }
            failures.add(authority.uri() + ": " + failure);
        }
        throw new SignatureRefusedException(Reason.UNKNOWN_KEY, "the signing certificate (issued by "
                + leaf.getIssuerX500Principal().getName() + ") is not vouched for by the trusted root's certificate "
                + "authorities" + (failures.isEmpty() ? " (it names none)" : ": " + String.join("; ", failures)));
    }

    /** Why the authority does not vouch for the leaf at all the times, or null if it does. */
    private static String failure(TrustedRoot.Authority authority, X509Certificate leaf, List<Instant> times) {
        for (Instant time : times) {
            if (!authority.validity().covers(time)) {
                return "not trusted at " + time;
            }
            try {
                List<X509Certificate> path = new ArrayList<>();
                path.add(leaf);
                path.addAll(authority.chain().subList(0, authority.chain().size() - 1));
                CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
                PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority.chain().getLast(),
                        null)));
                parameters.setRevocationEnabled(false);
                parameters.setDate(Date.from(time));
                CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            } catch (GeneralSecurityException e) {
                return e.getMessage() + " at " + time;
            }
        }
        return null;
    }
}
