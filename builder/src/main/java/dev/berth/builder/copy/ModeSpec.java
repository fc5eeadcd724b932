package dev.berth.builder.copy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code --chmod} value: octal ({@code 755}) or symbolic ({@code u+x,go-w}), applied to each copied entry. */
public final class ModeSpec {

    private static final Pattern OCTAL = Pattern.compile("[0-7]{1,4}");
    private static final Pattern CLAUSE = Pattern.compile("([ugoa]*)([+\\-=])([rwxXst]*)");

    private final String text;
    private final Integer octal;

    private ModeSpec(String text, Integer octal) {
        this.text = text;
        this.octal = octal;
    }

    public static ModeSpec parse(String text) throws CopyException {
        if (OCTAL.matcher(text).matches()) {
            return new ModeSpec(text, Integer.parseInt(text, 8));
        }
        for (String clause : text.split(",", -1)) {
            if (!CLAUSE.matcher(clause).matches()) {
                throw new CopyException("invalid --chmod '" + text + "': use octal such as 755, or symbolic such as "
                        + "u+x,go-w");
            }
        }
        return new ModeSpec(text, null);
    }

    /** The mode, when the spec is octal rather than symbolic. */
    public java.util.OptionalInt octal() {
        return octal == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(octal);
    }

    /** The mode an entry gets, given its current mode and whether it is a directory. */
    public int apply(int mode, boolean directory) {
        if (octal != null) {
            return octal;
        }
        int result = mode & 07777;
        for (String clause : text.split(",")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                continue;
            }
            String who = m.group(1).isEmpty() || m.group(1).contains("a") ? "ugo" : m.group(1);
            int bits = 0;
            for (char p : m.group(3).toCharArray()) {
                bits |= switch (p) {
                    case 'r' -> mask(who, 4);
                    case 'w' -> mask(who, 2);
                    case 'x' -> mask(who, 1);
                    case 'X' -> directory || (mode & 0111) != 0 ? mask(who, 1) : 0;
                    case 's' -> (who.contains("u") ? 04000 : 0) | (who.contains("g") ? 02000 : 0);
                    default -> 01000;
                };
            }
            switch (m.group(2)) {
                case "+" -> result |= bits;
                case "-" -> result &= ~bits;
                default -> result = (result & ~mask(who, 7)) | bits;
            }
        }
        return result;
    }

    private static int mask(String who, int bits) {
        return (who.contains("u") ? bits << 6 : 0) | (who.contains("g") ? bits << 3 : 0) | (who.contains("o") ? bits : 0);
    }
}
