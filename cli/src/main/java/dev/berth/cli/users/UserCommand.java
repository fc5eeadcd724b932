package dev.berth.cli.users;

import dev.berth.cli.serve.ConfigException;
import dev.berth.registry.auth.Htpasswd;
import dev.berth.registry.auth.Principal;
import dev.berth.registry.auth.UsersFile;
import dev.berth.registry.watch.InvalidFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth user add|passwd|rm|list}: the people who log in to the registry, in the htpasswd file
 * {@code berth serve --htpasswd} reads (which applies changes without a restart). Hashes are bcrypt, as
 * {@code htpasswd -B} makes them, so Apache's tools and Distribution read the same file.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Add, change, remove and list the registry's users.")
public final class UserCommand {

    /** Short passwords are refused: a registry is often reachable from many machines. */
    private static final int MINIMUM_PASSWORD = 8;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public UserCommand() {
        this(System.in, System.out, System.err, System.getenv());
    }

    UserCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Command(name = "add", description = "Add a user, asking for the password (or reading it with "
            + "--password-stdin).")
    int add(@Mixin UsersFileOption users, @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password-stdin", description = "Read the password from standard input.")
            boolean passwordStdin) {
        return run("add", () -> setPassword(users, name, passwordStdin, false));
    }

    @Command(name = "passwd", description = "Change a user's password.")
    int passwd(@Mixin UsersFileOption users, @Parameters(paramLabel = "NAME") String name,
               @Option(names = "--password-stdin", description = "Read the password from standard input.")
               boolean passwordStdin) {
        return run("passwd", () -> setPassword(users, name, passwordStdin, true));
    }

    @Command(name = "rm", description = "Remove a user; their tokens stop working at once.")
    int rm(@Mixin UsersFileOption users, @Parameters(paramLabel = "NAME") String name) {
        return run("rm", () -> {
            UsersFile file = users.file(environment);
            if (!file.remove(AccountNames.user(name))) {
                throw new IllegalArgumentException("there is no user " + name + " in " + file.path());
            }
            err.println("removed user " + name);
        });
    }

    @Command(name = "list", description = "List the users, one per line.")
    int list(@Mixin UsersFileOption users) {
        return run("list", () -> users.file(environment).read().names().stream()
                .filter(name -> !name.startsWith(Principal.Robot.PREFIX))
                .sorted()
                .forEach(out::println));
    }

    /** Sets a user's password: a new user's for {@code add}, an existing one's for {@code passwd}. */
    private void setPassword(UsersFileOption users, String name, boolean passwordStdin, boolean existing)
            throws IOException, InvalidFileException, ConfigException {
        UsersFile file = users.file(environment);
        String user = AccountNames.user(name);
        boolean exists = file.read().names().contains(user);
        if (exists && !existing) {
            throw new IllegalArgumentException("user " + user + " exists already; change the password with "
                    + "berth user passwd " + user);
        }
        if (!exists && existing) {
            throw new IllegalArgumentException("there is no user " + user + " in " + file.path()
                    + "; add one with berth user add " + user);
        }
        file.put(user, Htpasswd.hash(password(passwordStdin)), Optional.empty());
        err.println(existing ? "changed the password of " + user + "; tokens issued before stay valid until they "
                + "expire" : "added user " + user + " to " + file.path());
    }

    /** What a subcommand does; its failures are one line on standard error. */
    interface Step {
        void run() throws IOException, InvalidFileException, ConfigException;
    }

    /** Runs a subcommand: status 0, or 1 with one line saying what was wrong. */
    static int run(String command, Step step, PrintStream err) {
        try {
            step.run();
            return 0;
        } catch (IllegalArgumentException | InvalidFileException | ConfigException e) {
            err.println("berth " + command + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("berth " + command + ": " + e.getClass().getSimpleName().replace("Exception", "") + ": "
                    + e.getMessage());
            return 1;
        }
    }

    private int run(String subcommand, Step step) {
        return run("user " + subcommand, step, err);
    }

    private String password(boolean fromStandardInput) throws IOException {
        String password;
        if (fromStandardInput) {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            password = password == null ? "" : password.replaceFirst("\r$", "");
        } else {
            if (System.console() == null) {
                throw new IllegalArgumentException("give the password with --password-stdin (no terminal to ask on)");
            }
            char[] typed = System.console().readPassword("Password: ");
            char[] again = System.console().readPassword("Password again: ");
            if (typed == null || again == null || !new String(typed).equals(new String(again))) {
                throw new IllegalArgumentException("the passwords differ; nothing changed");
            }
            password = new String(typed);
        }
        if (password.length() < MINIMUM_PASSWORD) {
            throw new IllegalArgumentException("the password is shorter than " + MINIMUM_PASSWORD
                    + " characters; nothing changed");
        }
        return password;
    }
}
