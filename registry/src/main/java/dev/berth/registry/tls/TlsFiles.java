package dev.berth.registry.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The PEM files a registry serves TLS with; each is read again when it changes.
 *
 * @param certificate the server's certificate chain, leaf first
 * @param key         its private key (PKCS#8, PKCS#1 or SEC1)
 * @param clientCa    the certificates that sign client certificates, when clients may log in with one (mTLS)
 */
public record TlsFiles(Path certificate, Path key, Optional<Path> clientCa) {
}
