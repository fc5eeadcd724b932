package dev.berth.trust.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * cosign's encrypted private-key files ({@code cosign generate-key-pair}): PEM {@code ENCRYPTED SIGSTORE PRIVATE KEY}
 * (or the older {@code ENCRYPTED COSIGN PRIVATE KEY}) around JSON with an scrypt key derivation and a NaCl secretbox
 * (XSalsa20-Poly1305) holding a PKCS#8 private key. Read and written, so keys move between cosign and Berth.
 */
public final class CosignPrivateKeys {

    private static final String LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY";
    private static final List<String> LABELS = List.of(LABEL, "ENCRYPTED COSIGN PRIVATE KEY");
    private static final int SCRYPT_N = 32768;
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 1;
    /** Keeps a made-up file from asking for gigabytes of scrypt memory. */
    private static final int MAXIMUM_N = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignPrivateKeys() {
    }

    /**
     * Opens a key file with its password.
     *
     * @throws IllegalArgumentException naming what is wrong: not such a file, a wrong password, not a PKCS#8 key
     */
    public static PrivateKey read(String source, String pem, char[] password) {
        JsonNode sealed = sealed(source, pem);
        JsonNode params = sealed.path("kdf").path("params");
        int n = params.path("N").asInt();
        if (!"scrypt".equals(sealed.path("kdf").path("name").asText()) || n < 2 || n > MAXIMUM_N
                || !"nacl/secretbox".equals(sealed.path("cipher").path("name").asText())) {
            throw new IllegalArgumentException(source + ": not scrypt with N up to " + MAXIMUM_N + " and "
                    + "nacl/secretbox, as cosign writes");
        }
        byte[] key = SCrypt.generate(bytes(password), base64(sealed, "kdf", "salt", source), n,
                params.path("r").asInt(), params.path("p").asInt(), 32);
        byte[] plain = open(key, base64(sealed, "cipher", "nonce", source),
                Base64.getDecoder().decode(sealed.path("ciphertext").asText()))
                .orElseThrow(() -> new IllegalArgumentException(source + ": wrong password (or a damaged file)"));
        return KeyAlgorithms.privateKey(plain).orElseThrow(() -> new IllegalArgumentException(source
                + ": the decrypted key is not a PKCS#8 private key (cosign refuses it too)"));
    }

    /** The key sealed with the password, as cosign writes a new key file (scrypt N=32768, r=8, p=1). */
    public static String write(PrivateKey privateKey, char[] password) {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[32];
        byte[] nonce = new byte[24];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = SCrypt.generate(bytes(password), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, 32);
        ObjectNode sealed = JSON.createObjectNode();
        ObjectNode kdf = sealed.putObject("kdf");
        kdf.put("name", "scrypt");
        kdf.putObject("params").put("N", SCRYPT_N).put("r", SCRYPT_R).put("p", SCRYPT_P);
        kdf.put("salt", Base64.getEncoder().encodeToString(salt));
        sealed.putObject("cipher").put("name", "nacl/secretbox").put("nonce", Base64.getEncoder()
                .encodeToString(nonce));
        sealed.put("ciphertext", Base64.getEncoder().encodeToString(seal(key, nonce, privateKey.getEncoded())));
        String body;
        try {
            body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(JSON.writeValueAsBytes(sealed));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "-----BEGIN " + LABEL + "-----\n" + body + "\n-----END " + LABEL + "-----\n";
    }

    private static JsonNode sealed(String source, String pem) {
        for (String label : LABELS) {
            int start = pem.indexOf("-----BEGIN " + label + "-----");
            int end = pem.indexOf("-----END " + label + "-----");
            if (start >= 0 && end > start) {
                try {
                    return JSON.readTree(Base64.getMimeDecoder().decode(pem.substring(start + label.length() + 16,
                            end)));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": the key file's body is not cosign's JSON");
                }
            }
        }
        throw new IllegalArgumentException(source + " is not a cosign private key (-----BEGIN " + LABEL + "-----)");
    }

    /** NaCl secretbox: XSalsa20 keystream, its first 32 bytes the Poly1305 key, the tag before the ciphertext. */
    private static java.util.Optional<byte[]> open(byte[] key, byte[] nonce, byte[] box) {
        if (box.length < 16) {
            return java.util.Optional.empty();
        }
        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, macKey, 0);
        byte[] cipher = Arrays.copyOfRange(box, 16, box.length);
        byte[] tag = mac(macKey, cipher);
        if (!java.security.MessageDigest.isEqual(tag, Arrays.copyOf(box, 16))) {
            return java.util.Optional.empty();
        }
        byte[] plain = new byte[cipher.length];
        stream.processBytes(cipher, 0, cipher.length, plain, 0);
        return java.util.Optional.of(plain);
    }

    private static byte[] seal(byte[] key, byte[] nonce, byte[] plain) {
        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, macKey, 0);
        byte[] cipher = new byte[plain.length];
        stream.processBytes(plain, 0, plain.length, cipher, 0);
        byte[] box = new byte[16 + cipher.length];
        System.arraycopy(mac(macKey, cipher), 0, box, 0, 16);
        System.arraycopy(cipher, 0, box, 16, cipher.length);
        return box;
    }

    private static byte[] mac(byte[] key, byte[] data) {
        Poly1305 poly = new Poly1305();
        poly.init(new KeyParameter(key));
        poly.update(data, 0, data.length);
        byte[] tag = new byte[16];
        poly.doFinal(tag, 0);
        return tag;
    }

    private static byte[] base64(JsonNode sealed, String section, String field, String source) {
        try {
            return Base64.getDecoder().decode(sealed.path(section).path(field).asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + section + "." + field + " is not base64");
        }
    }

    private static byte[] bytes(char[] password) {
        return new String(password).getBytes(StandardCharsets.UTF_8);
    }
}
