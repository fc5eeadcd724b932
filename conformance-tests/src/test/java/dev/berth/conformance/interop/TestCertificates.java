package dev.berth.conformance.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made by openssl for the TLS tests: a CA, server certificates for 127.0.0.1 and client certificates
 * with a common name, each signed by the CA.
 */
final class TestCertificates {

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** A new CA (EC P-256) in the directory. */
    static TestCertificates authority(Path directory) throws Exception {
        Files.createDirectories(directory);
        Tool.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-days", "2", "-subj", "/CN=Berth test CA", "-keyout", directory.resolve("ca.key").toString(),
                "-out", directory.resolve("ca.crt").toString());
        return new TestCertificates(directory);
    }

    Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    /**
     * A certificate for 127.0.0.1 signed by the CA, as {@code NAME.crt} and its key {@code NAME.key}; {@code keyType}
     * is {@code rsa:2048} or {@code ec}.
     */
    Path[] server(String name, String keyType) throws Exception {
        return issue(name, "/CN=127.0.0.1", keyType, "subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth");
    }

    /** A client certificate with the common name, signed by the CA. */
    Path[] client(String name, String commonName) throws Exception {
        return issue(name, "/CN=" + commonName, "ec", "extendedKeyUsage=clientAuth");
    }

    private Path[] issue(String name, String subject, String keyType, String extensions) throws Exception {
        Path key = directory.resolve(name + ".key");
        Path request = directory.resolve(name + ".csr");
        Path certificate = directory.resolve(name + ".crt");
        Path extensionFile = Files.writeString(directory.resolve(name + ".ext"), extensions.replace("\\n", "\n"));
        List<String> newKey = new ArrayList<>(List.of("openssl", "req", "-newkey", keyType));
        if (keyType.equals("ec")) {
            newKey.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        newKey.addAll(List.of("-nodes", "-subj", subject, "-keyout", key.toString(), "-out", request.toString()));
        Tool.run(newKey);
        Tool.run("openssl", "x509", "-req", "-in", request.toString(), "-CA", caCertificate().toString(),
                "-CAkey", directory.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", extensionFile.toString(), "-out", certificate.toString());
        return new Path[] {certificate, key};
    }
}
