package dev.berth.trust.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Signing keys from a file: cosign's encrypted key ({@link CosignPrivateKeys}), or a plain PKCS#8 PEM private key
 * ({@code -----BEGIN PRIVATE KEY-----}) as {@code openssl genpkey} writes it.
 */
public final class PrivateKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PrivateKeys() {
    }

    /**
     * Reads a key file; the password opens cosign's encrypted keys and is not used for plain ones.
     *
     * @throws IllegalArgumentException saying what the file is not
     */
    public static PrivateKey read(String source, String pem, char[] password) {
        int start = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (start < 0 || end < start) {
            return CosignPrivateKeys.read(source, pem, password);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the PEM body is not base64");
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // The next algorithm, perhaps.
            }
        }
        throw new IllegalArgumentException(source + " is not an ECDSA, RSA or Ed25519 PKCS#8 private key");
    }
}
