package dev.berth.cli.login;

import dev.berth.client.RegistryClient;
import dev.berth.client.auth.AuthFile;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.HelperLocator;
import dev.berth.client.auth.Login;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login}: checks a login with the registry, as {@code docker login} does, and keeps it where Docker and
 * Podman look: in the credential helper the credentials file names for the registry, else in the file itself
 * ({@code REGISTRY_AUTH_FILE}, else Docker's config).
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Log in to a registry.")
public final class LoginCommand implements Callable<Integer> {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry, such as localhost:5000.")
    private String registry;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "The user name.")
    private String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "The password (prefer --password-stdin: a command line is visible to other users).")
    private String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    private boolean passwordStdin;

    @Option(names = "--insecure-registry", description = "Reach the registry over plain HTTP.")
    private boolean insecure;

    public LoginCommand() {
        this(System.in, System.out, System.err, System.getenv());
    }

    LoginCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try {
            String host = RegistryName.of(registry);
            Login login = new Login(username(), password());
            Credentials credentials = Credentials.of(List.of(), HelperLocator.onPath(null));
            new RegistryClient(credentials, insecure ? Set.of(host) : Set.of(), environment).checkLogin(host, login);
            Path file = Credentials.loginFile(environment);
            AuthFile.read(file, HelperLocator.onPath(environment.get("PATH"))).store(host, login);
            out.println("Login Succeeded");
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("berth login: " + e.getMessage());
            return 1;
        }
    }

    private String username() throws IOException {
        if (username != null && !username.isEmpty()) {
            return username;
        }
        if (System.console() == null || passwordStdin) {
            throw new IllegalArgumentException("name the user with -u USER");
        }
        String typed = System.console().readLine("Username: ");
        if (typed == null || typed.isBlank()) {
            throw new IllegalArgumentException("no user name given");
        }
        return typed.strip();
    }

    private String password() throws IOException {
        if (passwordStdin) {
            if (password != null) {
                throw new IllegalArgumentException("--password and --password-stdin are exclusive");
            }
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("--password-stdin read no password");
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
        if (password != null) {
            err.println("berth login: a password on the command line is visible to other users; use "
                    + "--password-stdin");
            return password;
        }
        if (System.console() == null) {
            throw new IllegalArgumentException("give the password with --password-stdin (no terminal to ask on)");
        }
        char[] typed = System.console().readPassword("Password: ");
        if (typed == null || typed.length == 0) {
            throw new IllegalArgumentException("no password given");
        }
        return new String(typed);
    }
}
