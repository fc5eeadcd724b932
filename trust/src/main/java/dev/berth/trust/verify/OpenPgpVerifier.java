package dev.berth.trust.verify;

import dev.berth.trust.keys.OpenPgpKeys;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Checks an OpenPGP signed message (what {@code gpg --sign} writes: a one-pass signature, the literal data, the
 * signature) against trusted keys, and only then hands out what was signed. Refused, each with its reason: data that
 * is no signed message (unsigned literal data, encrypted data), a signature by a key not trusted, a bad signature, a
 * signing subkey that was revoked or is not bound to its primary key, an expired signature or key, and anything
 * larger than a real signature.
 */
public final class OpenPgpVerifier {

    /** Real simple-signing signatures are under a kilobyte; this bounds what an attacker can make Berth read. */
    public static final int MAXIMUM_BYTES = 64 * 1024;

    private final OpenPgpKeys keys;
    private final Clock clock;

    public OpenPgpVerifier(OpenPgpKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * What a trusted key signed.
     *
     * @param signer   the fingerprint of the signing key's primary key
     * @param payload  the signed bytes, still untrusted in what they say
     * @param signedAt when the signature says it was made
     */
    public record Verified(String signer, byte[] payload, Instant signedAt) {
    }

    public Verified verify(byte[] signature) throws SignatureRefusedException {
        if (signature.length > MAXIMUM_BYTES) {
            throw new SignatureRefusedException(Reason.TOO_LARGE, "the signature is " + signature.length
                    + " bytes; at most " + MAXIMUM_BYTES + " are read");
        }
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
            Object first = next(objects);
            if (first instanceof PGPCompressedData compressed) {
                objects = new JcaPGPObjectFactory(compressed.getDataStream());
                first = next(objects);
            }
            if (!(first instanceof PGPOnePassSignatureList onePass) || onePass.size() != 1) {
                throw new SignatureRefusedException(Reason.NOT_SIGNED, "not an OpenPGP signed message ("
                        + describe(first) + ")");
            }
            return signed(onePass.get(0), objects);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signature cannot be read: "
                    + e.getMessage());
        }
    }

    private Verified signed(PGPOnePassSignature onePass, JcaPGPObjectFactory objects)
            throws SignatureRefusedException, IOException, PGPException {
        OpenPgpKeys.Found signer = keys.find(onePass.getKeyID()).orElseThrow(() -> new SignatureRefusedException(
                Reason.UNKNOWN_KEY, "signed by key " + Long.toHexString(onePass.getKeyID()).toUpperCase()
                        + ", which is not a trusted key"));
        onePass.init(new JcaPGPContentVerifierBuilderProvider(), signer.key());
        if (!(next(objects) instanceof PGPLiteralData literal)) {
            throw new SignatureRefusedException(Reason.NOT_SIGNED, "the signed message holds no data");
        }
        byte[] payload;
        try (InputStream data = literal.getDataStream()) {
            payload = data.readNBytes(MAXIMUM_BYTES + 1);
        }
        if (payload.length > MAXIMUM_BYTES) {
            throw new SignatureRefusedException(Reason.TOO_LARGE, "the signed payload is larger than "
                    + MAXIMUM_BYTES + " bytes");
        }
        onePass.update(payload);
        if (!(next(objects) instanceof PGPSignatureList signatures) || signatures.size() != 1) {
            throw new SignatureRefusedException(Reason.NOT_SIGNED, "the signed message has no signature after its "
                    + "data");
        }
        PGPSignature signature = signatures.get(0);
        if (!onePass.verify(signature)) {
            throw new SignatureRefusedException(Reason.BAD_SIGNATURE, "the signature by "
                    + signer.primaryFingerprint() + " does not match what was signed");
        }
        Instant signedAt = signature.getCreationTime().toInstant();
        requireValid(signer, signature, signedAt);
        return new Verified(signer.primaryFingerprint(), payload, signedAt);
    }

    /** The key may sign (not revoked, bound to its primary, not expired), and the signature has not expired. */
    private void requireValid(OpenPgpKeys.Found signer, PGPSignature signature, Instant signedAt)
            throws SignatureRefusedException, PGPException {
        PGPPublicKey primary = signer.ring().getPublicKey();
        PGPPublicKey key = signer.key();
        if (primary.hasRevocation() || key != primary && key.hasRevocation()) {
            throw new SignatureRefusedException(Reason.REVOKED_KEY, "the signing key "
                    + Long.toHexString(key.getKeyID()).toUpperCase() + " of " + signer.primaryFingerprint()
                    + " was revoked");
        }
        if (key != primary && !bound(primary, key)) {
            throw new SignatureRefusedException(Reason.REVOKED_KEY, "the signing subkey "
                    + Long.toHexString(key.getKeyID()).toUpperCase() + " is not bound to "
                    + signer.primaryFingerprint());
        }
        Instant now = clock.instant();
        long keyValidity = key.getValidSeconds();
        if (keyValidity > 0 && key.getCreationTime().toInstant().plusSeconds(keyValidity).isBefore(now)) {
            throw new SignatureRefusedException(Reason.EXPIRED, "the signing key of " + signer.primaryFingerprint()
                    + " expired");
        }
        long signatureValidity = signature.getHashedSubPackets() == null ? 0
                : signature.getHashedSubPackets().getSignatureExpirationTime();
        if (signatureValidity > 0 && signedAt.plusSeconds(signatureValidity).isBefore(now)) {
            throw new SignatureRefusedException(Reason.EXPIRED, "the signature by " + signer.primaryFingerprint()
                    + " expired at " + signedAt.plusSeconds(signatureValidity));
        }
    }

    private static boolean bound(PGPPublicKey primary, PGPPublicKey subkey) throws PGPException {
        Iterator<PGPSignature> bindings = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        while (bindings.hasNext()) {
            PGPSignature binding = bindings.next();
            binding.init(new JcaPGPContentVerifierBuilderProvider(), primary);
            if (binding.verifyCertification(primary, subkey)) {
                return true;
            }
        }
        return false;
    }

    private static Object next(JcaPGPObjectFactory objects) throws IOException {
        Object next = objects.nextObject();
        while (next instanceof PGPMarker) {
            next = objects.nextObject();
        }
        return next;
    }

    private static String describe(Object object) {
        return object == null ? "no OpenPGP packets" : switch (object.getClass().getSimpleName()) {
            case "PGPLiteralData" -> "unsigned literal data";
            case "PGPEncryptedDataList" -> "encrypted data";
            case "PGPPublicKeyRing" -> "a public key";
            default -> object.getClass().getSimpleName().replace("PGP", "OpenPGP ");
        };
    }
}
