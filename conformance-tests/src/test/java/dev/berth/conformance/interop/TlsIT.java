package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.tls.TrustEverything;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth serve --tls-cert --tls-key --tls-client-ca} with certificates made by openssl, used by skopeo and curl:
 * verified HTTPS, client certificates as logins, modern protocols only, and renewed certificates served without a
 * restart.
 */
class TlsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static TestCertificates certificates;
    private static Path serverCertificate;
    private static Path serverKey;
    private static BerthProcess berth;
    private static BusyboxLayout busybox;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.authority(work.resolve("pki"));
        Path[] server = certificates.server("server", "ec");
        serverCertificate = work.resolve("serving.crt");
        serverKey = work.resolve("serving.key");
        Files.copy(server[0], serverCertificate);
        Files.copy(server[1], serverKey);
        Path users = work.resolve("users.htpasswd");
        Tool.run("htpasswd", "-B", "-b", "-c", users.toString(), "alice", "wonderland");
        berth = BerthProcess.start(work.resolve("data"), "--htpasswd", users.toString(),
                "--tls-cert", serverCertificate.toString(), "--tls-key", serverKey.toString(),
                "--tls-client-ca", certificates.caCertificate().toString());
        busybox = BusyboxLayout.write(work.resolve("busybox"));
        Tool.run("skopeo", "copy", "--dest-cert-dir", trustingTheCa("push").toString(), "--dest-creds",
                "alice:wonderland", "oci:" + busybox.directory() + ":latest",
                "docker://" + berth.address() + "/team/busybox:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        berth.close();
    }

    /** A skopeo certificate directory with the CA, and the client certificate if one is given. */
    private static Path trustingTheCa(String name, Path... clientCertificate) throws Exception {
        Path directory = Files.createDirectories(work.resolve("certs-" + name));
        Files.copy(certificates.caCertificate(), directory.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        if (clientCertificate.length == 2) {
            Files.copy(clientCertificate[0], directory.resolve("client.cert"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(clientCertificate[1], directory.resolve("client.key"), StandardCopyOption.REPLACE_EXISTING);
        }
        return directory;
    }

    private static String image() {
        return "docker://" + berth.address() + "/team/busybox:1";
    }

    @Test
    void skopeo_verifiesTheServersCertificate_andIsRefusedWithoutTheCa() throws Exception {
        String inspected = Tool.run("skopeo", "inspect", "--cert-dir", trustingTheCa("verify").toString(), "--creds",
                "alice:wonderland", image());
        assertEquals(busybox.manifestDigest().toString(), JSON.readTree(inspected).get("Digest").asText());
        AssertionError unknown = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "inspect",
                "--cert-dir", Files.createDirectories(work.resolve("no-ca")).toString(), "--creds",
                "alice:wonderland", image()));
        assertTrue(unknown.getMessage().contains("certificate signed by unknown authority"), unknown.getMessage());
    }

    @Test
    void aClientCertificate_logsInAsTheAccountOfItsCommonName_andOneOfNoAccountIsRefused() throws Exception {
        Path alice = trustingTheCa("alice", certificates.client("alice", "alice"));
        String inspected = Tool.run("skopeo", "inspect", "--cert-dir", alice.toString(), "--no-creds", image());
        assertEquals(busybox.manifestDigest().toString(), JSON.readTree(inspected).get("Digest").asText());

        Path mallory = trustingTheCa("mallory", certificates.client("mallory", "mallory"));
        AssertionError refused = assertThrows(AssertionError.class, () -> Tool.run("skopeo", "inspect",
                "--cert-dir", mallory.toString(), "--no-creds", image()));
        assertTrue(refused.getMessage().contains("unauthorized") || refused.getMessage().contains("authentication"),
                refused.getMessage());
    }

    @Test
    void tls12WithAeadSuites_isServed_butCbcSuitesThatTheJdkStillEnables_andPlainHttp_areNot() {
        String ca = certificates.caCertificate().toString();
        String url = berth.url() + "/v2/";
        assertEquals("401", Tool.run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca,
                "--tlsv1.2", "--tls-max", "1.2", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
                url));
        Tool.Result cbc = Tool.exec(List.of("curl", "-s", "--cacert", ca, "--tlsv1.2", "--tls-max", "1.2",
                "--ciphers", "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256", url), java.util.Map.of(), "");
        assertEquals(35, cbc.exit(), "curl's TLS handshake failure: " + cbc.output());
        Tool.Result plain = Tool.exec(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "10", url.replace("https://", "http://")), java.util.Map.of(), "");
        assertNotEquals("200", plain.output().strip());
        assertNotEquals("401", plain.output().strip());
    }

    @Test
    void aRenewedCertificate_isServedFromTheNextConnection_withoutARestart() throws Exception {
        Path[] renewed = certificates.server("renewed", "rsa:2048");
        Path pkcs1 = work.resolve("renewed-pkcs1.key");
        Tool.run("openssl", "rsa", "-traditional", "-in", renewed[1].toString(), "-out", pkcs1.toString());
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"), "a PKCS#1 key, as older tools write");
        Files.copy(pkcs1, serverKey, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed[0], serverCertificate, StandardCopyOption.REPLACE_EXISTING);
        X509Certificate expected = read(renewed[0]);
        long deadline = System.nanoTime() + 10_000_000_000L;
        X509Certificate served = served();
        while (!served.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            served = served();
        }
        assertEquals(expected.getSerialNumber(), served.getSerialNumber());
        assertTrue(berth.log().contains("serving TLS with the certificate of CN=127.0.0.1"), berth.log());
    }

    private static X509Certificate served() throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustEverything.context().getSocketFactory()
                .createSocket("127.0.0.1", berth.url().getPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
