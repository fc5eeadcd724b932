package dev.berth.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Users and their bcrypt password hashes in Apache's htpasswd format, one {@code name:hash} per line, as
 * {@code htpasswd -B} writes them and Distribution reads them. Other hash types (MD5, SHA-1, crypt) are refused when
 * the file is read, as they are too cheap to guess.
 */
public final class Htpasswd {

    /** bcrypt works on at most 72 bytes of a password; Apache and OpenBSD ignore the rest, and so does Berth. */
    private static final int BCRYPT_MAX_BYTES = 72;

    private final Map<String, String> hashes;
    private final String decoy;

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
        // An unknown user costs as much as a wrong password, so timing does not tell which names exist.
        String cost = hashes.values().stream().findFirst().map(hash -> hash.substring(4, 6)).orElse("10");
        this.decoy = "$2y$" + cost + "$" + "a".repeat(53);
    }

    /**
     * Reads the file's text; {@code source} names it in errors.
     *
     * @throws InvalidHtpasswdException naming the line that is not {@code name:bcrypt-hash}
     */
    public static Htpasswd parse(String source, String text) throws InvalidHtpasswdException {
        Map<String, String> hashes = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new InvalidHtpasswdException(where + "expected name:hash, as htpasswd -B writes it");
            }
            String name = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!isBcrypt(hash)) {
                throw new InvalidHtpasswdException(where + "the password of " + name + " is " + kind(hash)
                        + ", not bcrypt; set it again with htpasswd -B (or berth user passwd)");
            }
            if (hashes.putIfAbsent(name, hash) != null) {
                throw new InvalidHtpasswdException(where + name + " appears twice; keep one line per user");
            }
        }
        return new Htpasswd(hashes);
    }

    /** Whether the user exists and the password is theirs. */
    public boolean verify(String user, String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] checked = Arrays.copyOf(bytes, Math.min(bytes.length, BCRYPT_MAX_BYTES));
        Optional<String> hash = Optional.ofNullable(hashes.get(user));
        boolean matches = OpenBSDBCrypt.checkPassword(hash.orElse(decoy), checked);
        return hash.isPresent() && matches;
    }

    public Set<String> users() {
        return hashes.keySet();
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
