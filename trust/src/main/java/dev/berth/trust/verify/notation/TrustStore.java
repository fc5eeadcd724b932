package dev.berth.trust.verify.notation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Notation's trust store directory: {@code x509/<type>/<name>/} holds the certificates (PEM or DER) of the store
 * {@code type:name}, where type is {@code ca}, {@code signingAuthority} or {@code tsa}. A store's certificates must be
 * roots: self-issued, or certificate authorities.
 */
public final class TrustStore {

    private final Path root;

    /** @param root the directory holding {@code x509/} (notation's {@code truststore} directory) */
    public TrustStore(Path root) {
        this.root = root;
    }

    /**
     * The certificates of a store.
     *
     * @throws IOException naming the store, when it is missing, empty, or holds what is not a root certificate
     */
    public List<X509Certificate> certificates(String store) throws IOException {
        int colon = store.indexOf(':');
        Path directory = root.resolve("x509").resolve(store.substring(0, colon)).resolve(store.substring(colon + 1));
        if (!Files.isDirectory(directory)) {
            throw new IOException("trust store " + store + " does not exist (no directory " + directory + ")");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            try {
                for (var read : CertificateFactory.getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(Files.readAllBytes(file)))) {
                    X509Certificate certificate = (X509Certificate) read;
                    boolean selfIssued = certificate.getSubjectX500Principal().equals(
                            certificate.getIssuerX500Principal());
                    if (!selfIssued && certificate.getBasicConstraints() < 0) {
                        throw new IOException("trust store " + store + ": " + file.getFileName() + " holds "
                                + certificate.getSubjectX500Principal().getName() + ", which is neither a root nor a "
                                + "certificate authority");
                    }
                    certificates.add(certificate);
                }
            } catch (CertificateException e) {
                throw new IOException("trust store " + store + ": " + file.getFileName() + " is not an X.509 "
                        + "certificate file");
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("trust store " + store + " (" + directory + ") holds no certificate");
        }
        return certificates;
    }
}
