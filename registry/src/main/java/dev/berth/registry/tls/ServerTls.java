package dev.berth.registry.tls;

import dev.berth.registry.watch.InvalidFileException;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS as a registry serves it: TLS 1.3 and 1.2 with forward-secret AEAD suites only, the certificate and key from
 * PEM files reloaded when they change, and, with a client CA, client certificates asked for but not required (a
 * client without one logs in with a password or token instead).
 */
public final class ServerTls {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final List<String> SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ServerTls() {
    }

    /**
     * Helidon's TLS settings for the files.
     *
     * @throws InvalidFileException naming the file that is not what it should be
     */
    public static Tls of(TlsFiles files) throws IOException, InvalidFileException {
        ReloadingKeyManager keys = ReloadingKeyManager.open(files.certificate(), files.key());
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager[] clientCas = null;
            if (files.clientCa().isPresent()) {
                clientCas = trustManagers(Pem.certificates(files.clientCa().get().toString(),
                        Files.readString(files.clientCa().get())));
            }
            context.init(new KeyManager[] {keys}, clientCas, new SecureRandom());
            SSLParameters parameters = new SSLParameters(SUITES.toArray(String[]::new),
                    PROTOCOLS.toArray(String[]::new));
            parameters.setWantClientAuth(files.clientCa().isPresent());
            return Tls.builder()
                    .sslContext(new ParametersContext(context, parameters))
                    .sslParameters(parameters)
                    .enabledProtocols(PROTOCOLS)
                    .enabledCipherSuites(SUITES)
                    .clientAuth(files.clientCa().isPresent() ? TlsClientAuth.OPTIONAL : TlsClientAuth.NONE)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(List<X509Certificate> authorities) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("client-ca-" + i, authorities.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }
}
