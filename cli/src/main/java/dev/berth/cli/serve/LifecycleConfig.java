package dev.berth.cli.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.lifecycle.InvalidPolicyException;
import dev.berth.registry.lifecycle.LifecyclePolicies;
import dev.berth.registry.lifecycle.LifecyclePolicyParser;
import dev.berth.registry.lifecycle.LifecycleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The config file's {@code lifecycle:} section: ECR lifecycle policies by repository pattern, and how often. */
final class LifecycleConfig {

    private LifecycleConfig() {
    }

    /** The section as written. */
    record Written(String every, List<Policy> policies) {
    }

    /** One policy: the repositories it covers and its ECR document (a file, relative to the config file). */
    record Policy(List<String> repositories, String policy) {
    }

    static LifecycleSettings of(Path file, Written written) throws ConfigException {
        if (written == null) {
            return LifecycleSettings.defaults();
        }
        Duration every = written.every() == null ? LifecycleSettings.DEFAULT_EVERY
                : ServeConfig.duration(written.every(), file + ": lifecycle.every");
        List<LifecyclePolicies.Assigned> assigned = new ArrayList<>();
        int number = 0;
        for (Policy policy : written.policies() == null ? List.<Policy>of() : written.policies()) {
            String where = file + ": lifecycle.policies #" + ++number;
            if (policy.repositories() == null || policy.repositories().isEmpty() || policy.policy() == null) {
                throw new ConfigException(where + " needs repositories: [PATTERN, ...] and policy: FILE (an ECR "
                        + "lifecycle policy document)");
            }
            Path document = file.resolveSibling(policy.policy());
            try {
                byte[] bytes = Files.readAllBytes(document);
                var parsed = new LifecyclePolicyParser().parse(bytes);
                for (String repositories : policy.repositories()) {
                    assigned.add(new LifecyclePolicies.Assigned(RepositoryPattern.of(repositories), parsed,
                            new ObjectMapper().readTree(bytes), LifecyclePolicies.Source.CONFIG));
                }
            } catch (NoSuchFileException e) {
                throw new ConfigException(where + ": the policy file " + document + " does not exist");
            } catch (IOException e) {
                throw new ConfigException(where + ": cannot read " + document + ": " + e.getMessage());
            } catch (InvalidPolicyException | IllegalArgumentException e) {
                throw new ConfigException(where + " (" + document + "): " + e.getMessage());
            }
        }
        return new LifecycleSettings(assigned, every);
    }
}
