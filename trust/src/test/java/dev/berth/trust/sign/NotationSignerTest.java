package dev.berth.trust.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.manifest.Descriptor;
import dev.berth.oci.manifest.MediaType;
import dev.berth.trust.format.notation.NotationEnvelope;
import dev.berth.trust.format.notation.TrustPolicy;
import dev.berth.trust.verify.notation.NotationVerifier;
import dev.berth.trust.verify.notation.TrustStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth's Notary envelopes, JWS and COSE, with RSA and ECDSA keys: each verifies under a trust store holding the
 * signer's certificate, and the COSE one is written with definite lengths (COSE_Sign1 tag 18, a four-element array,
 * a five-entry protected header), as deterministic CBOR readers expect.
 */
class NotationSignerTest {

    private static final Descriptor MANIFEST = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(
            "manifest".getBytes(StandardCharsets.UTF_8)), 8);

    @TempDir
    Path store;

    private X509Certificate selfSigned(KeyPair pair, String algorithm) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name("C=US,ST=WA,O=Berth,CN=signer");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TWO,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
    }

    @Test
    void jwsAndCoseEnvelopes_byRsaAndEcdsaKeys_verifyUnderTheSignersCertificate() throws Exception {
        Object[][] keys = {{"RSA", 2048, "SHA256withRSA", "PS256"}, {"EC", 256, "SHA256withECDSA", "ES256"},
                {"EC", 384, "SHA256withECDSA", "ES384"}};
        for (Object[] key : keys) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance((String) key[0]);
            generator.initialize((Integer) key[1]);
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(pair, (String) key[2]);
            Path directory = Files.createDirectories(store.resolve("x509/ca/" + key[3]));
            Files.write(directory.resolve("signer.der"), certificate.getEncoded());
            TrustPolicy.Statement statement = TrustPolicy.parse("p", ("{\"version\": \"1.0\", \"trustPolicies\": "
                    + "[{\"name\": \"s\", \"registryScopes\": [\"*\"], \"signatureVerification\": {\"level\": "
                    + "\"strict\"}, \"trustStores\": [\"ca:" + key[3] + "\"], \"trustedIdentities\": "
                    + "[\"x509.subject: C=US, ST=WA, O=Berth, CN=signer\"]}]}").getBytes(StandardCharsets.UTF_8))
                    .statements().getFirst();
            NotationSigner signer = new NotationSigner(pair.getPrivate(), List.of(certificate), Clock.systemUTC());
            for (String mediaType : List.of(NotationEnvelope.JWS, NotationEnvelope.COSE)) {
                byte[] envelope = signer.sign(MANIFEST, mediaType);
                NotationEnvelope parsed = NotationEnvelope.parse(mediaType, envelope);
                assertEquals(key[3], parsed.algorithm(), mediaType);
                NotationVerifier.Verified verified = new NotationVerifier(new TrustStore(store), Clock.systemUTC())
                        .verify(parsed, statement, MANIFEST);
                assertTrue(verified.signer().contains("CN=signer"), verified.toString());
                if (mediaType.equals(NotationEnvelope.COSE)) {
                    assertEquals(0xD2, envelope[0] & 0xFF, "tag 18");
                    assertEquals(0x84, envelope[1] & 0xFF, "a definite array of four");
                }
            }
        }
    }
}
