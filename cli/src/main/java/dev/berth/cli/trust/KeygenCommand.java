package dev.berth.cli.trust;

import dev.berth.trust.keys.CosignPrivateKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth keygen}: a signing key pair as {@code cosign generate-key-pair} makes it, so that keys move between
 * the two tools: an ECDSA P-256 key encrypted with a password in {@code NAME.key} (readable by its owner only) and its
 * public key in {@code NAME.pub}. The password comes from {@code COSIGN_PASSWORD}, as for cosign, or is asked for.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make a signing key pair, as cosign generate-key-pair does.")
public final class KeygenCommand implements Callable<Integer> {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    @Option(names = "--output-key-prefix", paramLabel = "NAME", description = "Write NAME.key and NAME.pub "
            + "(default ${DEFAULT-VALUE}).")
    private String prefix = "cosign";

    public KeygenCommand() {
        this(System.out, System.err, System.getenv());
    }

    KeygenCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try {
            char[] password = CosignPassword.toCreate(environment);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Path privateFile = Path.of(prefix + ".key");
            Path publicFile = Path.of(prefix + ".pub");
            for (Path file : new Path[] {privateFile, publicFile}) {
                if (Files.exists(file)) {
                    throw new IllegalArgumentException(file + " exists already; remove it or choose another "
                            + "--output-key-prefix");
                }
            }
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateFile, CosignPrivateKeys.write(pair.getPrivate(), password),
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(publicFile, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64,
                    new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n",
                    StandardCharsets.US_ASCII);
            out.println("Private key written to " + privateFile);
            out.println("Public key written to " + publicFile);
            return 0;
        } catch (IllegalArgumentException | FileAlreadyExistsException e) {
            err.println("berth keygen: " + e.getMessage());
            return 1;
        } catch (IOException | GeneralSecurityException e) {
            err.println("berth keygen: " + e.getClass().getSimpleName().replace("Exception", "") + ": "
                    + e.getMessage());
            return 1;
        }
    }
}
