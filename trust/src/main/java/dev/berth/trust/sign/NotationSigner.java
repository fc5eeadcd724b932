package dev.berth.trust.sign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.trust.format.notation.NotationEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Signs an image as {@code notation sign} does with a local key and certificate chain: a JWS or COSE envelope
 * ({@code notary.x509} scheme) over the manifest's descriptor, with the algorithm the key's type and size call for
 * (PS256/384/512 for RSA 2048/3072/4096, ES256/384/512 for P-256/384/521) and the chain in {@code x5c}.
 */
public final class NotationSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final java.util.Map<String, Integer> COSE_ALGORITHMS = java.util.Map.of("PS256", -37,
            "PS384", -38, "PS512", -39, "ES256", -7, "ES384", -35, "ES512", -36);

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final Clock clock;

    /** @param chain the signing certificate first, then its issuers */
    public NotationSigner(PrivateKey key, List<X509Certificate> chain, Clock clock) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a Notary signature needs the signing certificate");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
        this.clock = clock;
    }

    /** The envelope's bytes for the manifest, as {@link NotationEnvelope#JWS} or {@link NotationEnvelope#COSE}. */
    public byte[] sign(Descriptor manifest, String mediaType) {
        return switch (mediaType) {
            case NotationEnvelope.JWS -> sign(manifest);
            case NotationEnvelope.COSE -> cose(manifest);
            default -> throw new IllegalArgumentException("Notary envelopes are " + NotationEnvelope.JWS + " or "
                    + NotationEnvelope.COSE + ", not " + mediaType);
        };
    }

    /** The JWS envelope's bytes for the manifest. */
    public byte[] sign(Descriptor manifest) {
        String algorithm = algorithm();
        try {
            ObjectNode header = JSON.createObjectNode();
            header.put("alg", algorithm);
            header.putArray("crit").add("io.cncf.notary.signingScheme");
            header.put("cty", NotationEnvelope.PAYLOAD_TYPE);
            header.put("io.cncf.notary.signingScheme", NotationEnvelope.X509);
            header.put("io.cncf.notary.signingTime", clock.instant().truncatedTo(ChronoUnit.SECONDS)
                    .atOffset(ZoneOffset.UTC).toString());
            ObjectNode payload = JSON.createObjectNode();
            ObjectNode target = payload.putObject("targetArtifact");
            target.put("digest", manifest.digest().toString());
            target.put("mediaType", manifest.mediaType());
            target.put("size", manifest.size());
            String protectedB64 = URL.encodeToString(JSON.writeValueAsBytes(header));
            String payloadB64 = URL.encodeToString(JSON.writeValueAsBytes(payload));
            byte[] signature = sign(algorithm, (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            ObjectNode envelope = JSON.createObjectNode();
            envelope.put("payload", payloadB64);
            envelope.put("protected", protectedB64);
            ObjectNode unprotected = envelope.putObject("header");
            var x5c = unprotected.putArray("x5c");
            for (X509Certificate certificate : chain) {
                x5c.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            }
            unprotected.put("io.cncf.notary.signingAgent", "Berth");
            envelope.put("signature", URL.encodeToString(signature));
            return JSON.writeValueAsBytes(envelope);
        } catch (GeneralSecurityException
                 | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /**
     * A COSE_Sign1 envelope (tag 18): the protected header (algorithm, critical signing scheme, content type, signing
     * time as a tag-1 date), the chain as {@code x5chain} (label 33), the payload, and the signature over the
     * Sig_structure {@code ["Signature1", protected, h'', payload]}.
     */
    private byte[] cose(Descriptor manifest) {
        String algorithm = algorithm();
        try {
            ObjectNode target = JSON.createObjectNode();
            ObjectNode descriptor = target.putObject("targetArtifact");
            descriptor.put("digest", manifest.digest().toString());
            descriptor.put("mediaType", manifest.mediaType());
            descriptor.put("size", manifest.size());
            byte[] payload = JSON.writeValueAsBytes(target);
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            try (CBORGenerator cbor = CBOR.createGenerator(header)) {
                cbor.writeStartObject(null, 5);
                cbor.writeFieldId(1);
                cbor.writeNumber(COSE_ALGORITHMS.get(algorithm));
                cbor.writeFieldId(2);
                cbor.writeStartArray(null, 1);
                cbor.writeString("io.cncf.notary.signingScheme");
                cbor.writeEndArray();
                cbor.writeFieldId(3);
                cbor.writeString(NotationEnvelope.PAYLOAD_TYPE);
                cbor.writeFieldName("io.cncf.notary.signingScheme");
                cbor.writeString(NotationEnvelope.X509);
                cbor.writeFieldName("io.cncf.notary.signingTime");
                cbor.writeTag(1);
                cbor.writeNumber(clock.instant().getEpochSecond());
                cbor.writeEndObject();
            }
            byte[] protectedHeader = header.toByteArray();
            byte[] signature = sign(algorithm, NotationEnvelope.coseToBeSigned(protectedHeader, payload));
            ByteArrayOutputStream envelope = new ByteArrayOutputStream();
            try (CBORGenerator cbor = CBOR.createGenerator(envelope)) {
                cbor.writeTag(18);
                cbor.writeStartArray(null, 4);
                cbor.writeBinary(protectedHeader);
                cbor.writeStartObject(null, 2);
                cbor.writeFieldId(33);
                cbor.writeStartArray(null, chain.size());
                for (X509Certificate certificate : chain) {
                    cbor.writeBinary(certificate.getEncoded());
                }
                cbor.writeEndArray();
                cbor.writeFieldName("io.cncf.notary.signingAgent");
                cbor.writeString("Berth");
                cbor.writeEndObject();
                cbor.writeBinary(payload);
                cbor.writeBinary(signature);
                cbor.writeEndArray();
            }
            return envelope.toByteArray();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    private String algorithm() {
        return switch (key) {
            case RSAPrivateKey rsa -> {
                int bits = rsa.getModulus().bitLength();
                yield bits >= 4096 ? "PS512" : bits >= 3072 ? "PS384" : "PS256";
            }
            case ECPrivateKey ec -> {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                yield bits > 384 ? "ES512" : bits > 256 ? "ES384" : "ES256";
            }
            default -> throw new IllegalArgumentException("Notary signatures are made with RSA or ECDSA keys, not "
                    + key.getAlgorithm());
        };
    }

    private byte[] sign(String algorithm, byte[] content) throws GeneralSecurityException {
        Signature signer;
        if (algorithm.startsWith("PS")) {
            String hash = "SHA-" + algorithm.substring(2);
            signer = Signature.getInstance("RSASSA-PSS");
            signer.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                    Integer.parseInt(algorithm.substring(2)) / 8, 1));
        } else {
            signer = Signature.getInstance("SHA" + algorithm.substring(2) + "withECDSA");
        }
        signer.initSign(key);
        signer.update(content);
        byte[] signature = signer.sign();
        return algorithm.startsWith("ES") ? raw(signature, (((ECPrivateKey) key).getParams().getCurve().getField()
                .getFieldSize() + 7) / 8) : signature;
    }

    /** A DER ECDSA signature as JWS writes it: {@code r || s}, each the curve's size. */
    private static byte[] raw(byte[] der, int size) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        byte[] raw = new byte[size * 2];
        for (int i = 0; i < 2; i++) {
            byte[] value = ASN1Integer.getInstance(sequence.getObjectAt(i)).getPositiveValue().toByteArray();
            byte[] trimmed = value.length > size ? Arrays.copyOfRange(value, value.length - size, value.length) : value;
            System.arraycopy(trimmed, 0, raw, i * size + size - trimmed.length, trimmed.length);
        }
        return raw;
    }
}
