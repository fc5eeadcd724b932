package dev.berth.cli.users;

import dev.berth.registry.auth.Principal;
import dev.berth.registry.auth.federation.Federation;
import java.util.regex.Pattern;

/** The names accounts may have: what clients send in Basic credentials and a users file can hold. */
final class AccountNames {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");
    private static final Pattern ROBOT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private AccountNames() {
    }

    static String user(String name) {
        if (!USER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a user name: use letters, digits and . _ @ + -"
                    + " (up to 64, starting with a letter or digit)");
        }
        if (name.equals(Federation.LOGIN_NAME)) {
            throw new IllegalArgumentException("'" + name + "' is the name external identity providers' tokens log in "
                    + "with; choose another");
        }
        return name;
    }

    /** The robot's name in the users file and in logins: {@code robot$NAME}. */
    static String robot(String name) {
        String bare = name.startsWith(Principal.Robot.PREFIX) ? name.substring(Principal.Robot.PREFIX.length()) : name;
        if (!ROBOT.matcher(bare).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a robot name: use lower-case letters, digits "
                    + "and . _ - (up to 64)");
        }
        return Principal.Robot.PREFIX + bare;
    }
}
