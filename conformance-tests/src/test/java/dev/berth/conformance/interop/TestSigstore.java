package dev.berth.conformance.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.trust.verify.RekorSetVerifier;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private Sigstore instance made per test, as sigstore-go's test CA and log are: a Fulcio-like CA issuing
 * short-lived certificates with an OIDC identity and issuer, a CT log embedding signed certificate timestamps, and a
 * Rekor-like log whose entries carry a signed entry timestamp and an inclusion proof up to a signed checkpoint. It
 * signs images as cosign does keyless (a DSSE bundle) and writes the {@code trusted_root.json} that trusts it.
 */
final class TestSigstore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ASN1ObjectIdentifier ISSUER = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8");
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    private final KeyPair root;
    private final X509Certificate rootCertificate;
    private final KeyPair ctLog;
    private final KeyPair rekor;
    private long serial = 2;

    TestSigstore() throws Exception {
        root = pair();
        ctLog = pair();
        rekor = pair();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=test-fulcio,O=berth"),
                BigInteger.ONE, Date.from(now.minusSeconds(86_400)), Date.from(now.plusSeconds(86_400 * 365)),
                new X500Name("CN=test-fulcio,O=berth"), root.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        rootCertificate = sign(builder, root.getPrivate());
    }

    /** The trusted root that trusts this instance's CA, CT log and Rekor log, from a day ago on. */
    String trustedRoot() throws Exception {
        String start = Instant.now().minusSeconds(86_400).toString();
        ObjectNode trusted = JSON.createObjectNode();
        trusted.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
        trusted.putArray("tlogs").add(log(rekor, "https://rekor.berth.test", start));
        ObjectNode authority = trusted.putArray("certificateAuthorities").addObject();
        authority.putObject("subject").put("organization", "berth").put("commonName", "test-fulcio");
        authority.put("uri", "https://fulcio.berth.test");
        authority.putObject("certChain").putArray("certificates").addObject().put("rawBytes",
                Base64.getEncoder().encodeToString(rootCertificate.getEncoded()));
        authority.putObject("validFor").put("start", start);
        trusted.putArray("ctlogs").add(log(ctLog, "https://ctfe.berth.test", start));
        trusted.putArray("timestampAuthorities");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(trusted);
    }

    /**
     * A keyless bundle signing the manifest, as cosign sign does, for the identity and issuer, with a certificate
     * valid for ten minutes from {@code issuedAt} and logged by Rekor at {@code loggedAt}.
     */
    byte[] sign(String repository, Digest manifest, String identity, String issuer, Instant issuedAt,
                Instant loggedAt) throws Exception {
        KeyPair signer = pair();
        X509Certificate certificate = certificate(signer, identity, issuer, issuedAt);
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", repository);
        subject.putObject("digest").put("sha256", manifest.hex());
        statement.put("predicateType", "https://sigstore.dev/cosign/sign/v1");
        statement.putObject("predicate");
        byte[] payload = JSON.writeValueAsBytes(statement);
        String type = "application/vnd.in-toto+json";
        byte[] pae = concat(("DSSEv1 " + type.length() + " " + type + " " + payload.length + " ").getBytes(
                StandardCharsets.UTF_8), payload);
        byte[] signature = ecdsa(signer.getPrivate(), pae);

        ObjectNode body = JSON.createObjectNode();
        body.put("apiVersion", "0.0.1");
        body.put("kind", "dsse");
        ObjectNode spec = body.putObject("spec");
        spec.putObject("payloadHash").put("algorithm", "sha256").put("value", HexFormat.of().formatHex(
                sha256(payload)));
        spec.putArray("signatures").addObject().put("signature", Base64.getEncoder().encodeToString(signature))
                .put("verifier", Base64.getEncoder().encodeToString(pem(certificate).getBytes(
                        StandardCharsets.US_ASCII)));
        byte[] canonical = JSON.writeValueAsBytes(body);
        byte[] logId = sha256(rekor.getPublic().getEncoded());
        byte[] set = ecdsa(rekor.getPrivate(), RekorSetVerifier.canonicalEntry(Base64.getEncoder()
                .encodeToString(canonical), loggedAt.getEpochSecond(), HexFormat.of().formatHex(logId), 0));
        MessageDigest leaf = MessageDigest.getInstance("SHA-256");
        leaf.update((byte) 0);
        byte[] rootHash = leaf.digest(canonical);
        String note = "rekor.berth.test\n1\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
        byte[] noteSignature = ecdsa(rekor.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
        String checkpoint = note + "\n\u2014 rekor.berth.test " + Base64.getEncoder().encodeToString(concat(
                java.util.Arrays.copyOf(logId, 4), noteSignature)) + "\n";

        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("certificate").put("rawBytes", Base64.getEncoder().encodeToString(
                certificate.getEncoded()));
        ObjectNode entry = material.putArray("tlogEntries").addObject();
        entry.put("logIndex", "0");
        entry.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(logId));
        entry.putObject("kindVersion").put("kind", "dsse").put("version", "0.0.1");
        entry.put("integratedTime", Long.toString(loggedAt.getEpochSecond()));
        entry.putObject("inclusionPromise").put("signedEntryTimestamp", Base64.getEncoder().encodeToString(set));
        ObjectNode proof = entry.putObject("inclusionProof");
        proof.put("logIndex", "0");
        proof.put("rootHash", Base64.getEncoder().encodeToString(rootHash));
        proof.put("treeSize", "1");
        proof.putArray("hashes");
        proof.putObject("checkpoint").put("envelope", checkpoint);
        entry.put("canonicalizedBody", Base64.getEncoder().encodeToString(canonical));
        ObjectNode dsse = bundle.putObject("dsseEnvelope");
        dsse.put("payload", Base64.getEncoder().encodeToString(payload));
        dsse.put("payloadType", type);
        ArrayNode signatures = dsse.putArray("signatures");
        signatures.addObject().put("sig", Base64.getEncoder().encodeToString(signature)).put("keyid", "");
        return JSON.writeValueAsBytes(bundle);
    }

    /** A Fulcio-like leaf: the identity as a URI SAN, the issuer extension, an SCT over the precertificate. */
    private X509Certificate certificate(KeyPair signer, String identity, String issuer, Instant issuedAt)
            throws Exception {
        long number = serial++;
        X509v3CertificateBuilder precertificate = leaf(signer, identity, issuer, issuedAt, number);
        byte[] tbs = sign(precertificate, root.getPrivate()).getTBSCertificate();
        long timestamp = issuedAt.toEpochMilli();
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(0);
        signed.write(0);
        signed.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
        signed.write(0);
        signed.write(1);
        signed.writeBytes(sha256(rootCertificate.getPublicKey().getEncoded()));
        signed.write(tbs.length >> 16);
        signed.write(tbs.length >> 8);
        signed.write(tbs.length);
        signed.writeBytes(tbs);
        signed.write(0);
        signed.write(0);
        byte[] sctSignature = ecdsa(ctLog.getPrivate(), signed.toByteArray());
        ByteArrayOutputStream sct = new ByteArrayOutputStream();
        sct.write(0);
        sct.writeBytes(sha256(ctLog.getPublic().getEncoded()));
        sct.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
        sct.write(0);
        sct.write(0);
        sct.write(4);
        sct.write(3);
        sct.write(sctSignature.length >> 8);
        sct.write(sctSignature.length);
        sct.writeBytes(sctSignature);
        byte[] one = sct.toByteArray();
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.write((one.length + 2) >> 8);
        list.write(one.length + 2);
        list.write(one.length >> 8);
        list.write(one.length);
        list.writeBytes(one);
        X509v3CertificateBuilder certificate = leaf(signer, identity, issuer, issuedAt, number);
        certificate.addExtension(SCT_LIST, false, new DEROctetString(list.toByteArray()));
        return sign(certificate, root.getPrivate());
    }

    private X509v3CertificateBuilder leaf(KeyPair signer, String identity, String issuer, Instant issuedAt,
                                          long number) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(rootCertificate,
                BigInteger.valueOf(number), Date.from(issuedAt), Date.from(issuedAt.plusSeconds(600)),
                new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), signer.getPublic());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(
                GeneralName.uniformResourceIdentifier, identity)));
        builder.addExtension(ISSUER, false, new DERUTF8String(issuer));
        return builder;
    }

    private static ObjectNode log(KeyPair key, String url, String start) throws Exception {
        ObjectNode log = JSON.createObjectNode();
        log.put("baseUrl", url);
        log.put("hashAlgorithm", "SHA2_256");
        ObjectNode publicKey = log.putObject("publicKey");
        publicKey.put("rawBytes", Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
        publicKey.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        publicKey.putObject("validFor").put("start", start);
        log.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(sha256(key.getPublic()
                .getEncoded())));
        return log;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(
                "SHA256withECDSA").build(key)));
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static byte[] ecdsa(PrivateKey key, byte[] data) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
