package dev.berth.trust.policy;

import dev.berth.oci.reference.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A signature verification policy in containers-policy.json(5)'s format, as podman, skopeo and buildah read
 * {@code /etc/containers/policy.json}: a global default, and per transport a default ({@code ""}) and scopes, of
 * which only the most specific that matches an image applies.
 *
 * @param defaults   the global default requirements
 * @param transports per transport, the requirements of each scope
 */
public record Policy(List<Requirement> defaults, Map<String, Map<String, List<Requirement>>> transports) {

    public Policy {
        defaults = List.copyOf(defaults);
        transports = Map.copyOf(transports);
    }

    /** The requirements for an image in a registry ({@code docker:} transport), from its most specific scope. */
    public Scoped forImage(Reference image) {
        Map<String, List<Requirement>> scopes = transports.getOrDefault("docker", Map.of());
        for (String scope : scopes(image)) {
            List<Requirement> requirements = scopes.get(scope);
            if (requirements != null) {
                return new Scoped("docker:" + (scope.isEmpty() ? "\"\" (the docker default)" : scope), requirements);
            }
        }
        return new Scoped("default", defaults);
    }

    /**
     * Requirements with where they came from, for error messages.
     *
     * @param scope which scope of the policy they are ({@code docker:example.com/app}, {@code default})
     */
    public record Scoped(String scope, List<Requirement> requirements) {
    }

    /**
     * The scopes that match an image, most specific first: the reference with its tag or digest, the repository,
     * each enclosing namespace, the host (with port), wildcards of the host's parent domains ({@code *.example.com}),
     * and the transport's default.
     */
    static List<String> scopes(Reference image) {
        List<String> scopes = new ArrayList<>();
        String repository = image.registry() + "/" + image.repository().value();
        if (image.digest() != null) {
            scopes.add(repository + "@" + image.digest());
        }
        if (image.tag() != null) {
            scopes.add(repository + ":" + image.tag().value());
        }
        for (String name = repository; name.contains("/"); name = name.substring(0, name.lastIndexOf('/'))) {
            scopes.add(name);
        }
        scopes.add(image.registry());
        String host = image.registry().contains(":") ? image.registry().substring(0, image.registry().indexOf(':'))
                : image.registry();
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            scopes.add("*" + host.substring(dot));
        }
        scopes.add("");
        return scopes;
    }
}
