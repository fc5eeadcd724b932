package dev.berth.cli.trust;

import java.util.Arrays;
import java.util.Map;

/** The password of a cosign key file: {@code COSIGN_PASSWORD}, as for cosign, else asked for on the terminal. */
final class CosignPassword {

    private CosignPassword() {
    }

    /** The password for an existing key. */
    static char[] toOpen(Map<String, String> environment) {
        String fromEnvironment = environment.get("COSIGN_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        requireTerminal();
        char[] typed = System.console().readPassword("Enter password for private key: ");
        return typed == null ? new char[0] : typed;
    }

    /** The password for a new key, typed twice when asked for. */
    static char[] toCreate(Map<String, String> environment) {
        String fromEnvironment = environment.get("COSIGN_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        requireTerminal();
        char[] typed = System.console().readPassword("Enter password for private key: ");
        char[] again = System.console().readPassword("Enter password for private key again: ");
        if (typed == null || again == null || !Arrays.equals(typed, again)) {
            throw new IllegalArgumentException("the passwords differ; no key was written");
        }
        return typed;
    }

    private static void requireTerminal() {
        if (System.console() == null) {
            throw new IllegalArgumentException("set COSIGN_PASSWORD (empty for none), or run in a terminal to be "
                    + "asked for the key's password");
        }
    }
}
