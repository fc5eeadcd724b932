package dev.berth.trust.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.trust.format.cosign.CosignSignature;
import dev.berth.trust.keys.PrivateKeys;
import dev.berth.trust.keys.PublicKeys;
import dev.berth.trust.verify.CosignKeyVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys made by openssl sign cosign-format signatures with Berth; openssl verifies them (as cosign's verification does:
 * SHA-256 over the exact payload) and Berth's verifier accepts them.
 */
class CosignSignerTest {

    @TempDir
    Path dir;

    private String openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
        return output;
    }

    @Test
    void opensslVerifiesWhatBerthSigns_withEcdsaRsaAndEd25519Keys() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        for (String algorithm : List.of("EC -pkeyopt ec_paramgen_curve:P-256", "RSA", "ED25519")) {
            List<String> generate = new java.util.ArrayList<>(List.of("genpkey", "-algorithm"));
            generate.addAll(List.of(algorithm.split(" ")));
            generate.addAll(List.of("-out", "key.pem"));
            openssl(generate.toArray(String[]::new));
            openssl("pkey", "-in", "key.pem", "-pubout", "-out", "key.pub");
            CosignSignature signature = new CosignSigner(PrivateKeys.read("key.pem",
                    Files.readString(dir.resolve("key.pem")), new char[0]))
                    .sign("registry.example/team/app", Digest.sha256(manifest));
            Files.write(dir.resolve("payload"), signature.payload());
            Files.write(dir.resolve("signature"), signature.signature());
            if (algorithm.equals("ED25519")) {
                openssl("pkeyutl", "-verify", "-pubin", "-inkey", "key.pub", "-rawin", "-in", "payload", "-sigfile",
                        "signature");
            } else {
                assertTrue(openssl("dgst", "-sha256", "-verify", "key.pub", "-signature", "signature", "payload")
                        .contains("Verified OK"));
            }
            CosignKeyVerifier.Verified verified = new CosignKeyVerifier(List.of(PublicKeys.readPem("key.pub",
                    Files.readString(dir.resolve("key.pub"))))).verify(signature, manifest);
            assertEquals("registry.example/team/app", verified.dockerReference(), algorithm);
        }
    }
}
