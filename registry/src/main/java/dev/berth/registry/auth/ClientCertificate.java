package dev.berth.registry.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The name a client certificate logs in with: its subject's common name (CN). */
final class ClientCertificate {

    private ClientCertificate() {
    }

    /** The common name of the chain's leaf, if it has exactly one. */
    static Optional<String> commonName(Certificate[] chain) {
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        try {
            var names = new LdapName(leaf.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue)
                    .map(String::valueOf)
                    .toList();
            return names.size() == 1 ? Optional.of(names.getFirst()) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
