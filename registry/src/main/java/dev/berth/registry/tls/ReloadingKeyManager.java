package dev.berth.registry.tls;

import dev.berth.registry.watch.InvalidFileException;
import dev.berth.registry.watch.WatchedFile;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's certificate and key from PEM files, read again when they change, so that a renewed certificate
 * (certbot, cert-manager) is served from the next handshake on without a restart. While the files do not belong
 * together (the certificate is renewed, the key not yet), the last pair that did stays in use.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private static final System.Logger LOG = System.getLogger(ReloadingKeyManager.class.getName());
    private static final String ALIAS = "berth";

    private final WatchedFile<List<X509Certificate>> certificates;
    private final WatchedFile<PrivateKey> keys;
    private volatile Pair pair;

    /** A certificate chain with the key of its leaf. */
    private record Pair(List<X509Certificate> chain, PrivateKey key) {

        static Pair of(List<X509Certificate> chain, PrivateKey key, String source) throws InvalidFileException {
            if (!matches(chain.getFirst(), key)) {
                throw new InvalidFileException(source + ": the private key is not the key of the certificate "
                        + chain.getFirst().getSubjectX500Principal().getName());
            }
            return new Pair(chain, key);
        }
    }

    private ReloadingKeyManager(WatchedFile<List<X509Certificate>> certificates, WatchedFile<PrivateKey> keys,
                                Pair pair) {
        this.certificates = certificates;
        this.keys = keys;
        this.pair = pair;
    }

    /**
     * Reads the files a first time.
     *
     * @throws InvalidFileException if they are no certificate and key, or do not belong together
     */
    static ReloadingKeyManager open(Path certificate, Path key) throws IOException, InvalidFileException {
        WatchedFile<List<X509Certificate>> certificates = WatchedFile.open(certificate, Pem::certificates);
        WatchedFile<PrivateKey> keys = WatchedFile.open(key, Pem::privateKey);
        return new ReloadingKeyManager(certificates, keys, Pair.of(certificates.get(), keys.get(), key.toString()));
    }

    private Pair current() {
        Pair known = pair;
        List<X509Certificate> chain = certificates.get();
        PrivateKey key = keys.get();
        if (chain == known.chain() && key == known.key()) {
            return known;
        }
        synchronized (this) {
            if (pair.chain() != chain || pair.key() != key) {
                if (matches(chain.getFirst(), key)) {
                    pair = new Pair(chain, key);
                    LOG.log(System.Logger.Level.INFO, "serving TLS with the certificate of "
                            + chain.getFirst().getSubjectX500Principal().getName() + " from " + certificates.path()
                            + ", valid until " + chain.getFirst().getNotAfter().toInstant());
                }
            }
            return pair;
        }
    }

    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "berth".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private String alias(String keyType) {
        String algorithm = current().key().getAlgorithm();
        boolean fits = keyType.equalsIgnoreCase(algorithm)
                || algorithm.equals("RSA") && keyType.startsWith("RSA")
                || algorithm.equals("EC") && keyType.startsWith("EC")
                || (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) && keyType.startsWith("Ed");
        return fits ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current().chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current().key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
