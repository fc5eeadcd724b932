package dev.berth.trust.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/**
 * Trusted OpenPGP public keys, as {@code gpg --export} writes them (binary or ASCII-armored, one key or a keyring),
 * and as containers-policy.json's {@code signedBy} names them ({@code keyPath}, {@code keyPaths}, {@code keyData}).
 * Any key of a ring (the primary or a subkey) may be looked up by the 64-bit id a signature names.
 */
public final class OpenPgpKeys {

    private final Map<Long, Found> byKeyId;

    /** A key with the ring it belongs to: a signature by a subkey vouches for the ring's primary key. */
    public record Found(PGPPublicKey key, PGPPublicKeyRing ring) {

        /** The primary key's fingerprint, upper-case hex, as gpg prints it. */
        public String primaryFingerprint() {
            return HexFormat.of().formatHex(ring.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT);
        }
    }

    private OpenPgpKeys(Map<Long, Found> byKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /**
     * Reads keys from each of the sources (files' contents or inline key data).
     *
     * @throws IllegalArgumentException naming the source that holds no OpenPGP public key
     */
    public static OpenPgpKeys read(List<Source> sources) {
        Map<Long, Found> byKeyId = new HashMap<>();
        for (Source source : sources) {
            List<PGPPublicKeyRing> rings = rings(source);
            if (rings.isEmpty()) {
                throw new IllegalArgumentException(source.name() + " holds no OpenPGP public key");
            }
            for (PGPPublicKeyRing ring : rings) {
                for (PGPPublicKey key : ring) {
                    byKeyId.putIfAbsent(key.getKeyID(), new Found(key, ring));
                }
            }
        }
        return new OpenPgpKeys(byKeyId);
    }

    /** Key material and what to call it in errors (a file name, or "keyData"). */
    public record Source(String name, byte[] bytes) {
    }

    public Optional<Found> find(long keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    private static List<PGPPublicKeyRing> rings(Source source) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(source.bytes()))) {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator()).forEach(rings::add);
            return rings;
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException(source.name() + " is not an OpenPGP public key or keyring ("
                    + e.getMessage() + "); export one with gpg --export [--armor] KEY-ID");
        }
    }
}
