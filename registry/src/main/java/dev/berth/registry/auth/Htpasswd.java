package dev.berth.registry.auth;

import dev.berth.registry.watch.InvalidFileException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Users and their bcrypt password hashes in Apache's htpasswd format, one {@code name:hash} per line, as
 * {@code htpasswd -B} writes them and Distribution reads them. Other hash types (MD5, SHA-1, crypt) are refused when
 * the file is read, as they are too cheap to guess. Robots are accounts named {@code robot$NAME}; one that expires
 * has a comment line {@code # berth: robot$NAME expires INSTANT} (which Apache's tools and Distribution skip).
 */
public final class Htpasswd {

    /** bcrypt works on at most 72 bytes of a password; Apache and OpenBSD ignore the rest, and so does Berth. */
    private static final int BCRYPT_MAX_BYTES = 72;
    /** bcrypt's cost for new hashes: 2^10 rounds, some 50 ms here; a verified login is remembered for minutes. */
    private static final int COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The comment that says when an account expires. */
    static final String EXPIRY_COMMENT = "# berth: ";
    private static final String EXPIRES = " expires ";

    private final Map<String, String> hashes;
    private final Map<String, Instant> expiries;
    private final String decoy;

    private Htpasswd(Map<String, String> hashes, Map<String, Instant> expiries) {
        this.hashes = Map.copyOf(hashes);
        this.expiries = Map.copyOf(expiries);
        // An unknown user costs as much as a wrong password, so timing does not tell which names exist.
        String cost = hashes.values().stream().findFirst().map(hash -> hash.substring(4, 6)).orElse("10");
        this.decoy = "$2y$" + cost + "$" + "a".repeat(53);
    }

    /**
     * Reads the file's text; {@code source} names it in errors.
     *
     * @throws InvalidFileException naming the line that is not {@code name:bcrypt-hash}
     */
    public static Htpasswd parse(String source, String text) throws InvalidFileException {
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, Instant> expiries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = source + ":" + (i + 1) + ": ";
            if (line.startsWith(EXPIRY_COMMENT)) {
                expiry(where, line.substring(EXPIRY_COMMENT.length()), expiries);
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new InvalidFileException(where + "expected name:hash, as htpasswd -B writes it");
            }
            String name = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!isBcrypt(hash)) {
                throw new InvalidFileException(where + "the password of " + name + " is " + kind(hash)
                        + ", not bcrypt; set it again with htpasswd -B (or berth user passwd)");
            }
            if (hashes.putIfAbsent(name, hash) != null) {
                throw new InvalidFileException(where + name + " appears twice; keep one line per user");
            }
        }
        return new Htpasswd(hashes, expiries);
    }

    /** The comment line that makes an account expire. */
    static String expiryLine(String name, Instant expires) {
        return EXPIRY_COMMENT + name + EXPIRES + expires;
    }

    private static void expiry(String where, String comment, Map<String, Instant> expiries)
            throws InvalidFileException {
        int at = comment.indexOf(EXPIRES);
        try {
            if (at > 0) {
                expiries.put(comment.substring(0, at), Instant.parse(comment.substring(at + EXPIRES.length()).strip()));
                return;
            }
        } catch (DateTimeParseException e) {
            // Refused below.
        }
        throw new InvalidFileException(where + "expected '" + EXPIRY_COMMENT + "NAME expires 2027-01-31T00:00:00Z'"
                + " (or a comment that does not start with '" + EXPIRY_COMMENT.strip() + "')");
    }

    /**
     * The account of a name in the file that has not expired: a user, or a robot for {@code robot$NAME}.
     */
    public Optional<Principal> account(String name, Instant now) {
        if (!hashes.containsKey(name) || !expiries.getOrDefault(name, Instant.MAX).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(name.startsWith(Principal.Robot.PREFIX)
                ? new Principal.Robot(name.substring(Principal.Robot.PREFIX.length()))
                : new Principal.User(name));
    }

    /** The account's password hash. */
    Optional<String> hashOf(String name) {
        return Optional.ofNullable(hashes.get(name));
    }

    /** When an account expires, if it does. */
    public Optional<Instant> expires(String name) {
        return Optional.ofNullable(expiries.get(name));
    }

    /** The names in the file as a client logs in with them: {@code alice}, {@code robot$ci}. */
    public Set<String> names() {
        return hashes.keySet();
    }

    /** A bcrypt hash of the password, as {@code htpasswd -B -C 10} makes it. */
    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        return OpenBSDBCrypt.generate("2y", Arrays.copyOf(bytes, Math.min(bytes.length, BCRYPT_MAX_BYTES)), salt,
                COST);
    }

    /** Whether the user exists and the password is theirs. */
    public boolean verify(String user, String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] checked = Arrays.copyOf(bytes, Math.min(bytes.length, BCRYPT_MAX_BYTES));
        Optional<String> hash = Optional.ofNullable(hashes.get(user));
        boolean matches = OpenBSDBCrypt.checkPassword(hash.orElse(decoy), checked);
        return hash.isPresent() && matches;
    }

    private static boolean isBcrypt(String hash) {
        return hash.length() == 60 && (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"))
                && Character.isDigit(hash.charAt(4)) && Character.isDigit(hash.charAt(5)) && hash.charAt(6) == '$';
    }

    private static String kind(String hash) {
        if (hash.startsWith("$apr1$")) {
            return "an MD5 hash (htpasswd -m)";
        }
        if (hash.startsWith("{SHA}")) {
            return "a SHA-1 hash (htpasswd -s)";
        }
        if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
            return "a SHA-2 crypt hash (htpasswd -2 or -5)";
        }
        return "not a hash Berth knows (crypt or plain text)";
    }
}
