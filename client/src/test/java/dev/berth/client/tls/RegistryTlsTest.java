package dev.berth.client.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.berth.client.RegistryClient;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.Login;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to registries as Docker sets it up, against an HTTPS server whose certificates OpenSSL makes for each test: a
 * private CA trusted through a certs.d directory, a client certificate (an OpenSSL PKCS#1 key) the server requires, and
 * insecure registries reached over HTTPS without verification.
 */
class RegistryTlsTest {

    private static final Login LOGIN = new Login("user", "password");

    @TempDir
    Path work;
    private Path pki;
    private HttpsServer server;
    private String registry;

    @BeforeEach
    void makeCertificates() throws Exception {
        pki = Files.createDirectories(work.resolve("pki"));
        Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days",
                "2", "-subj", "/CN=berth test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
        openssl("pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12", "-passout",
                "pass:changeit");
        openssl("genrsa", "-traditional", "-out", "client.key", "2048");
        openssl("req", "-new", "-key", "client.key", "-out", "client.csr", "-subj", "/CN=berth client");
        openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.cert", "-days", "2");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void privateCa_inTheRegistrysCertsDirectory_isTrusted() throws Exception {
        start(false);
        Path certsD = certsDirectory("ca.crt");
        client(certsD).checkLogin(registry, LOGIN);
    }

    @Test
    void untrustedCertificate_failsSayingWhereTheCaGoes() throws Exception {
        start(false);
        var e = assertThrows(java.io.IOException.class, () -> client(certsDirectory()).checkLogin(registry, LOGIN));
        assertTrue(e.getMessage().contains("put the CA as /etc/docker/certs.d/" + registry + "/ca.crt"),
                e.getMessage());
    }

    @Test
    void clientCertificate_isPresentedWhenTheRegistryAsksForOne() throws Exception {
        start(true);
        assertThrows(java.io.IOException.class, () -> client(certsDirectory("ca.crt")).checkLogin(registry, LOGIN));
        client(certsDirectory("ca.crt", "client.cert", "client.key")).checkLogin(registry, LOGIN);
    }

    @Test
    void insecureRegistry_isReachedOverHttpsWithoutVerification() throws Exception {
        start(false);
        new RegistryClient(Credentials.none(), Set.of(registry), false, new CertsDirectories(List.of()),
                Duration.ofSeconds(5)).checkLogin(registry, LOGIN);
    }

    private RegistryClient client(Path certsD) {
        return new RegistryClient(Credentials.none(), Set.of(), false, new CertsDirectories(List.of(certsD)),
                Duration.ofSeconds(5));
    }

    /** A certs.d root whose directory for the registry holds the given files of the test's PKI. */
    private Path certsDirectory(String... files) throws Exception {
        Path root = work.resolve("certs.d-" + files.length + "-" + String.join("-", files));
        Path directory = Files.createDirectories(root.resolve(registry));
        for (String file : files) {
            Files.copy(pki.resolve(file), directory.resolve(file));
        }
        return root;
    }

    private void start(boolean needClientCertificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("server.p12"))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientCertificate);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/v2/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        registry = "127.0.0.1:" + server.getAddress().getPort();
    }

    private void openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
