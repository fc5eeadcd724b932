package dev.berth.client.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A registry's TLS settings where Docker and Podman keep them: a directory named after the registry ({@code HOST} or
 * {@code HOST:PORT}) under {@code /etc/containers/certs.d}, {@code /etc/docker/certs.d} or Podman's per-user
 * {@code ~/.config/containers/certs.d}, holding CA certificates ({@code *.crt}, trusted besides the JDK's own) and
 * client certificates ({@code NAME.cert} with its key {@code NAME.key}).
 */
public final class CertsDirectories {

    private final List<Path> roots;

    public CertsDirectories(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The system's directories and the user's ({@code HOME} from the environment). */
    public static CertsDirectories forEnvironment(Map<String, String> environment) {
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return new CertsDirectories(List.of(Path.of("/etc/containers/certs.d"), Path.of("/etc/docker/certs.d"),
                Path.of(home, ".config", "containers", "certs.d")));
    }

    /** The TLS context for a registry, or empty when no directory has settings for it (the JDK's trust then). */
    public Optional<SSLContext> contextFor(String registry) throws IOException {
        List<X509Certificate> authorities = new ArrayList<>();
        List<Path> clientCertificates = new ArrayList<>();
        for (Path root : roots) {
            Path directory = root.resolve(registry);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".crt")) {
                        authorities.addAll(certificates(file));
                    } else if (name.endsWith(".cert")) {
                        clientCertificates.add(file);
                    }
                }
            }
        }
        if (authorities.isEmpty() && clientCertificates.isEmpty()) {
            return Optional.empty();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(clientCertificates), trustManagers(authorities), null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for " + registry + " from its certs.d directory: "
                    + e.getMessage(), e);
        }
    }

    /** The JDK's trusted authorities and the given ones. */
    private static javax.net.ssl.TrustManager[] trustManagers(List<X509Certificate> extra)
            throws GeneralSecurityException, IOException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int alias = 0;
        for (var manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate authority : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + alias++, authority);
                }
            }
        }
        for (X509Certificate authority : extra) {
            store.setCertificateEntry("certs.d-" + alias++, authority);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static javax.net.ssl.KeyManager[] keyManagers(List<Path> clientCertificates)
            throws GeneralSecurityException, IOException {
        if (clientCertificates.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        int alias = 0;
        for (Path certificate : clientCertificates) {
            String base = certificate.getFileName().toString().replaceFirst("\\.cert$", "");
            Path key = certificate.resolveSibling(base + ".key");
            if (!Files.isRegularFile(key)) {
                throw new IOException("client certificate " + certificate + " has no key: put it beside as " + key);
            }
            store.setKeyEntry("client-" + alias++, privateKey(key), password,
                    certificates(certificate).toArray(X509Certificate[]::new));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /** A PEM private key: PKCS#8, or the PKCS#1 (RSA) and SEC1 (EC) forms OpenSSL also writes. */
    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(file + " is not an unencrypted PEM private key");
        }
    }
}
