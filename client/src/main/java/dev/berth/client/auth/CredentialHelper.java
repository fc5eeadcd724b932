package dev.berth.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-credential-NAME} program, spoken to as Docker speaks to it: the action as its argument
 * ({@code get}, {@code store}, {@code erase}), the server on standard input, JSON on standard output
 * ({@code {"ServerURL", "Username", "Secret"}}). A helper that knows no credentials for the server says
 * "credentials not found in native keychain" and exits non-zero, which is no error here.
 */
public final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path program;

    CredentialHelper(String name, Path program) {
        this.name = name;
        this.program = program;
    }

    /** The helper's credentials for a server, if it has some. */
    public Optional<Login> get(String server) throws IOException {
        Result result = run("get", server);
        if (result.exit() != 0) {
            if (result.output().toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                return Optional.empty();
            }
            throw failure("get", server, result);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(result.output());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("credential helper docker-credential-" + name + " answered 'get " + server
                    + "' with something other than JSON: " + e.getOriginalMessage());
        }
        String username = answer.path("Username").asText("");
        String secret = answer.path("Secret").asText("");
        return secret.isEmpty() ? Optional.empty() : Optional.of(new Login(username, secret));
    }

    /** Stores credentials for a server in the helper. */
    public void store(String server, Login login) throws IOException {
        String input = JSON.writeValueAsString(java.util.Map.of("ServerURL", server, "Username", login.username(),
                "Secret", login.password()));
        Result result = run("store", input);
        if (result.exit() != 0) {
            throw failure("store", server, result);
        }
    }

    /** Removes a server's credentials from the helper. */
    public void erase(String server) throws IOException {
        Result result = run("erase", server);
        if (result.exit() != 0 && !result.output().toLowerCase(java.util.Locale.ROOT).contains("not found")) {
            throw failure("erase", server, result);
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(String action, String input) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(program.toString(), action)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run the credential helper " + program + ": " + e.getMessage());
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("credential helper docker-credential-" + name + " did not answer '" + action
                        + "' within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for docker-credential-" + name, e);
        }
        return new Result(process.exitValue(), output);
    }

    private IOException failure(String action, String server, Result result) {
        return new IOException("credential helper docker-credential-" + name + " failed to " + action
                + " credentials of " + server + " (exit " + result.exit() + ")" + (result.output().isEmpty() ? ""
                : ": " + result.output().lines().findFirst().orElse("")));
    }
}
