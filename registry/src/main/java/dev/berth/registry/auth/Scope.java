package dev.berth.registry.auth;

import dev.berth.oci.reference.RepositoryName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A scope a client asks a token for, as the distribution spec's token flow writes it:
 * {@code repository:team/app:pull,push}. Other resource types (such as {@code registry:catalog:*}) are not granted by
 * tokens here: the catalog shows each caller what they may pull anyway.
 *
 * @param repository the repository
 * @param actions    the actions asked for, by their scope names
 */
public record Scope(RepositoryName repository, List<String> actions) {

    public Scope {
        actions = List.copyOf(actions);
    }

    /** The repository scopes in a {@code scope} parameter (several may be given, space-separated); others ignored. */
    public static List<Scope> parseAll(String text) {
        List<Scope> scopes = new ArrayList<>();
        for (String one : text.trim().split("\\s+")) {
            parse(one).ifPresent(scopes::add);
        }
        return scopes;
    }

    static Optional<Scope> parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first < 0 || last <= first || !text.substring(0, first).equals("repository")) {
            return Optional.empty();
        }
        String name = text.substring(first + 1, last);
        if (!RepositoryName.isValid(name)) {
            return Optional.empty();
        }
        List<String> actions = Arrays.stream(text.substring(last + 1).split(",")).filter(a -> !a.isBlank()).toList();
        return Optional.of(new Scope(RepositoryName.of(name), actions));
    }

    /** As a challenge's {@code scope} parameter writes it. */
    @Override
    public String toString() {
        return "repository:" + repository.value() + ":" + String.join(",", actions);
    }
}
