package dev.berth.registry.tls;

import dev.berth.registry.watch.InvalidFileException;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Certificates and private keys in PEM files, as openssl, cert-manager and Let's Encrypt's clients write them. */
public final class Pem {

    private Pem() {
    }

    /**
     * Every certificate in the text, in order (a server's chain is leaf first).
     *
     * @throws InvalidFileException if there is none, or one cannot be read
     */
    public static List<X509Certificate> certificates(String source, String text) throws InvalidFileException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new InvalidFileException(source + ": not a PEM certificate file: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new InvalidFileException(source + ": has no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The private key in the text: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or
     * SEC1 ({@code BEGIN EC PRIVATE KEY}), unencrypted.
     *
     * @throws InvalidFileException if there is no such key
     */
    public static PrivateKey privateKey(String source, String text) throws InvalidFileException {
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (PEMException e) {
            throw new InvalidFileException(source + ": the private key cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidFileException(source + ": not a PEM key file: " + e.getMessage());
        }
        throw new InvalidFileException(source + ": has no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----); "
                + "an encrypted one can be decrypted with openssl pkey -in KEY -out KEY.pem");
    }
}
