package dev.berth.trust.keys;

import java.security.PrivateKey;
import java.util.Base64;

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
        return KeyAlgorithms.privateKey(der).orElseThrow(() -> new IllegalArgumentException(source
                + " is not an ECDSA, RSA or Ed25519 PKCS#8 private key"));
    }
}
