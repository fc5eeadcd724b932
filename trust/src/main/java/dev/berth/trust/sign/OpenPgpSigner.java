package dev.berth.trust.sign;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * Signs data as {@code gpg --sign} does, with a secret key as {@code gpg --export-secret-keys} writes it (binary or
 * armored, with or without a passphrase): a one-pass signature, the literal data and the signature, uncompressed,
 * which gpg, skopeo and podman verify.
 */
public final class OpenPgpSigner {

    private final PGPSecretKey key;
    private final PGPPrivateKey privateKey;

    private OpenPgpSigner(PGPSecretKey key, PGPPrivateKey privateKey) {
        this.key = key;
        this.privateKey = privateKey;
    }

    /**
     * A signing key of an exported secret keyring, unlocked with the passphrase (empty for none): the one whose
     * fingerprint or key id ends with {@code keyId} (as {@code --sign-by} names it), or the only one that can sign.
     *
     * @throws IllegalArgumentException naming what is wrong: no secret key, none or several that sign, a wrong
     *                                  passphrase
     */
    public static OpenPgpSigner read(String source, byte[] exported, Optional<String> keyId, char[] passphrase) {
        PGPSecretKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(exported))) {
            rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException(source + " is not an OpenPGP secret key (" + e.getMessage()
                    + "); export one with gpg --export-secret-keys KEY-ID");
        }
        List<PGPSecretKey> candidates = new ArrayList<>();
        for (Iterator<PGPSecretKeyRing> ring = rings.getKeyRings(); ring.hasNext(); ) {
            for (Iterator<PGPSecretKey> keys = ring.next().getSecretKeys(); keys.hasNext(); ) {
                PGPSecretKey key = keys.next();
                String fingerprint = HexFormat.of().formatHex(key.getPublicKey().getFingerprint());
                if (key.isSigningKey() && !key.isPrivateKeyEmpty() && keyId.map(id -> fingerprint.endsWith(
                        id.toLowerCase(Locale.ROOT).replace(" ", ""))).orElse(true)) {
                    candidates.add(key);
                }
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(source + (candidates.isEmpty()
                    ? " holds no secret key that can sign" + keyId.map(id -> " with id " + id).orElse("")
                    : " holds several signing keys; name one with its fingerprint"));
        }
        PGPSecretKey key = candidates.getFirst();
        try {
            return new OpenPgpSigner(key, key.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder()
                    .build(passphrase)));
        } catch (PGPException e) {
            throw new IllegalArgumentException(source + ": the passphrase does not unlock key "
                    + Long.toHexString(key.getKeyID()).toUpperCase(Locale.ROOT));
        }
    }

    /** The signing key's fingerprint, as gpg prints it. */
    public String fingerprint() {
        return HexFormat.of().formatHex(key.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT);
    }

    /** The signed message of the data, made at {@code now}. */
    public byte[] sign(byte[] data, Instant now) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(
                    key.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), key.getPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, Date.from(now));
            hashed.setIssuerFingerprint(false, key.getPublicKey());
            generator.setHashedSubpackets(hashed.generate());
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            try (BCPGOutputStream out = new BCPGOutputStream(signed)) {
                generator.generateOnePassVersion(false).encode(out);
                PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
                try (OutputStream content = literal.open(out, PGPLiteralData.BINARY, "", data.length,
                        Date.from(now))) {
                    content.write(data);
                }
                generator.update(data);
                generator.generate().encode(out);
            }
            return signed.toByteArray();
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("cannot sign with key " + Long.toHexString(key.getKeyID()) + ": "
                    + e.getMessage(), e);
        }
    }
}
