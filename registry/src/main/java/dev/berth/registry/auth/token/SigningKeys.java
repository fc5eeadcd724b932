package dev.berth.registry.auth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry's token signing keys, kept in a directory of its data (readable by its owner only) so that tokens
 * outlive a restart. The newest key signs; once it is older than the rotation age a new one is made, and the one
 * before stays to check the tokens it signed until they expire. Or one key configured for every node of a cluster,
 * which its operator rotates.
 */
public final class SigningKeys {

    private static final String SUFFIX = ".key.json";

    private final Path directory;   // null for a configured key, which is never replaced
    private final Clock clock;
    private final Duration rotation;
    private volatile List<SigningKey> keys;   // newest first

    /** A stored key: when it was made (ISO-8601), and its two halves as PKCS#8 and X.509 DER, base64. */
    record Stored(String created, String privateKey, String publicKey) {
    }

    private SigningKeys(Path directory, Clock clock, Duration rotation, List<SigningKey> keys) {
        this.directory = directory;
        this.clock = clock;
        this.rotation = rotation;
        this.keys = keys;
    }

    public static SigningKeys open(Path directory, Clock clock, Duration rotation) throws IOException {
        Files.createDirectories(directory);
        List<SigningKey> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).toList()) {
                found.add(read(file));
            }
        }
        found.sort(Comparator.comparing(SigningKey::createdAt).reversed());
        return new SigningKeys(directory, clock, rotation, List.copyOf(found));
    }

    /** The one key given, which signs and checks every token, on every node that is given it. */
    public static SigningKeys configured(SigningKey key) {
        return new SigningKeys(null, Clock.systemUTC(), Duration.ZERO, List.of(key));
    }

    /** The key that signs now, made first if there is none or the newest is due for rotation. */
    public SigningKey current() throws IOException {
        List<SigningKey> now = keys;
        if (directory == null) {
            return now.getFirst();
        }
        if (!now.isEmpty() && now.getFirst().createdAt().plus(rotation).isAfter(clock.instant())) {
            return now.getFirst();
        }
        synchronized (this) {
            if (keys.isEmpty() || !keys.getFirst().createdAt().plus(rotation).isAfter(clock.instant())) {
                SigningKey made = SigningKey.generate(clock.instant());
                write(made);
                List<SigningKey> kept = new ArrayList<>(List.of(made));
                if (!keys.isEmpty()) {
                    kept.add(keys.getFirst());
                }
                for (SigningKey retired : keys.subList(Math.min(1, keys.size()), keys.size())) {
                    Files.deleteIfExists(directory.resolve(retired.kid() + SUFFIX));
                }
                keys = List.copyOf(kept);
            }
            return keys.getFirst();
        }
    }

    /** The public key of one of this registry's key ids, current or just retired. */
    public Optional<PublicKey> publicKey(String kid) {
        return keys.stream().filter(key -> key.kid().equals(kid)).findFirst().map(key -> key.keys().getPublic());
    }

    private void write(SigningKey key) throws IOException {
        Base64.Encoder base64 = Base64.getEncoder();
        byte[] json = Jwt.JSON.writeValueAsBytes(new Stored(key.createdAt().toString(),
                base64.encodeToString(key.keys().getPrivate().getEncoded()),
                base64.encodeToString(key.keys().getPublic().getEncoded())));
        Path temp = Files.createTempFile(directory, ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, json);
            try {
                Files.move(temp, directory.resolve(key.kid() + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, directory.resolve(key.kid() + SUFFIX), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static SigningKey read(Path file) throws IOException {
        try {
            Stored stored = Jwt.JSON.readValue(file.toFile(), Stored.class);
            if (stored == null || stored.created() == null || stored.privateKey() == null
                    || stored.publicKey() == null) {
                throw damaged(file, "created, privateKey or publicKey is missing", null);
            }
            KeyFactory ec = KeyFactory.getInstance("EC");
            Base64.Decoder base64 = Base64.getDecoder();
            KeyPair pair = new KeyPair(ec.generatePublic(new X509EncodedKeySpec(base64.decode(stored.publicKey()))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(stored.privateKey()))));
            return SigningKey.of(pair, Instant.parse(stored.created()));
        } catch (JsonProcessingException | GeneralSecurityException | IllegalArgumentException
                 | DateTimeParseException e) {
            throw damaged(file, e.getMessage(), e);
        }
    }

    private static IOException damaged(Path file, String why, Exception cause) {
        return new IOException("the token signing key " + file + " cannot be read (" + why + "); remove it and "
                + "Berth makes a new one (tokens it signed stop working)", cause);
    }
}
