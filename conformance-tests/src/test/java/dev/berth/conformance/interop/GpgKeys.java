package dev.berth.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** GPG keys made by gpg itself, each person's in a GNUPGHOME of their own under a test's directory. */
final class GpgKeys {

    private GpgKeys() {
    }

    /** The GNUPGHOME of {@code who}, made private as gpg wants it. */
    static Path home(Path work, String who) throws Exception {
        Path home = work.resolve("gnupg-" + who);
        if (!Files.exists(home)) {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        }
        return home;
    }

    /** Makes a signing key for {@code who} without a passphrase; returns its fingerprint. */
    static String newKey(Path work, String who) throws Exception {
        Map<String, String> env = Map.of("GNUPGHOME", home(work, who).toString());
        Tool.Result made = Tool.exec(List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                who + " <" + who + "@berth.test>", "rsa2048", "sign", "never"), env, "");
        assertEquals(0, made.exit(), made.output());
        String colons = Tool.exec(List.of("gpg", "--with-colons", "--list-keys"), env, "").output();
        return colons.lines().filter(line -> line.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    }

    /** Exports the public key, armored, to {@code <who>.gpg}. */
    static Path export(Path work, String who, String key) throws Exception {
        Path file = work.resolve(who + ".gpg");
        Tool.Result exported = Tool.exec(List.of("gpg", "--armor", "--output", file.toString(), "--export", key),
                Map.of("GNUPGHOME", home(work, who).toString()), "");
        assertEquals(0, exported.exit(), exported.output());
        return file;
    }
}
