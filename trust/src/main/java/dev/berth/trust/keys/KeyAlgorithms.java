package dev.berth.trust.keys;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Optional;

/** The key types cosign and Sigstore sign with (ECDSA, RSA, Ed25519), and how each signs with SHA-256. */
public final class KeyAlgorithms {

    private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private KeyAlgorithms() {
    }

    /** The JDK signature algorithm for the key: SHA-256 with ECDSA (DER) or RSA PKCS#1 v1.5; Ed25519 as it is. */
    public static String sha256Signature(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
    }

    /**
     * The JDK signature algorithm Sigstore pairs with the key: ECDSA with the hash of the curve's size (SHA-256 for
     * P-256, SHA-384 for P-384, SHA-512 for P-521), RSA PKCS#1 v1.5 with SHA-256, Ed25519 as it is.
     */
    public static String sigstoreSignature(Key key) {
        if (key instanceof java.security.interfaces.ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return sha256Signature(key);
    }

    /** A PKCS#8 private key of one of the types, if it is one. */
    static Optional<PrivateKey> privateKey(byte[] pkcs8) {
        for (String algorithm : ALGORITHMS) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            } catch (GeneralSecurityException notThisOne) {
                // The next algorithm, perhaps.
            }
        }
        return Optional.empty();
    }

    /** An X.509 SubjectPublicKeyInfo public key of one of the types, if it is one. */
    public static Optional<PublicKey> publicKey(byte[] spki) {
        for (String algorithm : ALGORITHMS) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki)));
            } catch (GeneralSecurityException notThisOne) {
                // The next algorithm, perhaps.
            }
        }
        return Optional.empty();
    }
}
