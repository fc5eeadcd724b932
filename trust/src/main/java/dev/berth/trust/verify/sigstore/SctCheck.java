package dev.berth.trust.verify.sigstore;

import dev.berth.trust.format.sigstore.TrustedRoot;
import dev.berth.trust.verify.SignatureRefusedException;
import dev.berth.trust.verify.SignatureRefusedException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Certificate transparency for a Fulcio certificate: at least one signed certificate timestamp embedded in it must be
 * signed by a CT log of the trusted root, over the precertificate (the certificate without its SCT list) and its
 * issuer's key (RFC 6962).
 */
final class SctCheck {

    private static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";

    private final List<TrustedRoot.Log> logs;

    SctCheck(List<TrustedRoot.Log> logs) {
        this.logs = List.copyOf(logs);
    }

    void check(X509Certificate leaf, X509Certificate issuer) throws SignatureRefusedException {
        byte[] extension = leaf.getExtensionValue(SCT_LIST);
        if (extension == null) {
            throw refused("the signing certificate has no signed certificate timestamp");
        }
        List<Sct> scts;
        byte[] tbs;
        byte[] issuerKeyHash;
        try {
            scts = parse(ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets());
            tbs = precertificate(leaf.getTBSCertificate());
            issuerKeyHash = LoggedEntry.sha256(issuer.getPublicKey().getEncoded());
        } catch (IllegalArgumentException | IOException | CertificateEncodingException
                 | java.nio.BufferUnderflowException e) {
            throw refused("the signing certificate's signed certificate timestamps cannot be read");
        }
        for (Sct sct : scts) {
            for (TrustedRoot.Log log : logs) {
                if (MessageDigest.isEqual(log.keyId(), sct.logId())
                        && log.validity().covers(Instant.ofEpochMilli(sct.timestamp()))
                        && Signatures.verifies(log.key(), sct.signedData(issuerKeyHash, tbs), sct.signature())) {
                    return;
                }
            }
        }
        throw refused("no signed certificate timestamp of the signing certificate is from a CT log of the trusted "
                + "root");
    }

    /** One SCT (version 1) as RFC 6962 encodes it. */
    private record Sct(byte[] logId, long timestamp, byte[] extensions, byte[] signature) {

        byte[] signedData(byte[] issuerKeyHash, byte[] tbs) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
            out.write(0);
            out.write(1);
            out.writeBytes(issuerKeyHash);
            out.write(tbs.length >> 16);
            out.write(tbs.length >> 8);
            out.write(tbs.length);
            out.writeBytes(tbs);
            out.write(extensions.length >> 8);
            out.write(extensions.length);
            out.writeBytes(extensions);
            return out.toByteArray();
        }
    }

    private static List<Sct> parse(byte[] list) {
        ByteBuffer in = ByteBuffer.wrap(list);
        int total = Short.toUnsignedInt(in.getShort());
        if (total != in.remaining()) {
            throw new IllegalArgumentException("bad SCT list length");
        }
        List<Sct> scts = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = Short.toUnsignedInt(in.getShort());
            ByteBuffer sct = in.slice(in.position(), length);
            in.position(in.position() + length);
            if (sct.get() != 0) {
                continue;
            }
            byte[] logId = new byte[32];
            sct.get(logId);
            long timestamp = sct.getLong();
            byte[] extensions = new byte[Short.toUnsignedInt(sct.getShort())];
            sct.get(extensions);
            sct.get();
            sct.get();
            byte[] signature = new byte[Short.toUnsignedInt(sct.getShort())];
            sct.get(signature);
            scts.add(new Sct(logId, timestamp, extensions, signature));
        }
        return scts;
    }

    /** The TBS certificate without the SCT list extension, as the log signed it. */
    private static byte[] precertificate(byte[] tbsDer) throws IOException {
        ASN1Sequence tbs = ASN1Sequence.getInstance(tbsDer);
        ASN1EncodableVector rebuilt = new ASN1EncodableVector();
        for (ASN1Encodable element : tbs) {
            if (element instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                ASN1EncodableVector kept = new ASN1EncodableVector();
                for (ASN1Encodable extension : ASN1Sequence.getInstance(tagged.getExplicitBaseObject())) {
                    if (!Extension.getInstance(extension).getExtnId().getId().equals(SCT_LIST)) {
                        kept.add(extension);
                    }
                }
                rebuilt.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
            } else {
                rebuilt.add(element);
            }
        }
        return new DERSequence(rebuilt).getEncoded(ASN1Encoding.DER);
    }

    private static SignatureRefusedException refused(String why) {
        return new SignatureRefusedException(Reason.BAD_SIGNATURE, why);
    }
}
