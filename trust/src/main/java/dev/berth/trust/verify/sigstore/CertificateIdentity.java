package dev.berth.trust.verify.sigstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Who a Fulcio certificate was issued to: its subject alternative names (URI, e-mail, or Fulcio's otherName user
 * name) and the OIDC issuer that vouched for them (Fulcio's extensions 1.3.6.1.4.1.57264.1.8, else the older .1.1).
 *
 * @param names  the subject alternative names
 * @param issuer the OIDC issuer, if the certificate names one
 */
public record CertificateIdentity(List<String> names, Optional<String> issuer) {

    private static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    private static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    private static final ASN1ObjectIdentifier OTHER_NAME_USER = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.7");

    public CertificateIdentity {
        names = List.copyOf(names);
    }

    /** The identity of a certificate. */
    public static CertificateIdentity of(X509Certificate certificate) {
        return new CertificateIdentity(names(certificate), issuer(certificate));
    }

    private static List<String> names(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue("2.5.29.17");
        List<String> names = new ArrayList<>();
        if (extension == null) {
            return names;
        }
        try {
            GeneralNames general = GeneralNames.getInstance(ASN1OctetString.getInstance(extension).getOctets());
            for (GeneralName name : general.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.uniformResourceIdentifier, GeneralName.rfc822Name, GeneralName.dNSName ->
                            names.add(((ASN1String) name.getName()).getString());
                    case GeneralName.otherName -> otherName(name.getName()).ifPresent(names::add);
                    default -> {
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return names;
        }
        return names;
    }

    private static Optional<String> otherName(ASN1Encodable value) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(value);
        if (sequence.size() != 2 || !OTHER_NAME_USER.equals(sequence.getObjectAt(0))) {
            return Optional.empty();
        }
        ASN1Primitive inner = ASN1TaggedObject.getInstance(sequence.getObjectAt(1)).getBaseObject()
                .toASN1Primitive();
        return inner instanceof ASN1String text ? Optional.of(text.getString()) : Optional.empty();
    }

    private static Optional<String> issuer(X509Certificate certificate) {
        byte[] v2 = certificate.getExtensionValue(ISSUER_V2);
        if (v2 != null) {
            try {
                ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v2).getOctets());
                if (value instanceof ASN1String text) {
                    return Optional.of(text.getString());
                }
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        byte[] v1 = certificate.getExtensionValue(ISSUER_V1);
        return v1 == null ? Optional.empty() : Optional.of(new String(ASN1OctetString.getInstance(v1).getOctets(),
                StandardCharsets.UTF_8));
    }
}
