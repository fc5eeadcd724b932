package dev.berth.cli.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code signatures:} section of the config file: the containers-policy.json pulls must satisfy, the name this
 * registry has in signatures and the policy's scopes, how long verdicts are remembered, and the rules by which the
 * registry signs pushed images.
 *
 * @param name   the registry's name in signatures (default: the listen address)
 * @param policy the policy file (relative to the config file)
 * @param cache  how long a verdict is remembered
 * @param sign   the signing rules, first match wins
 */
public record SignaturesConfig(Optional<String> name, Optional<Path> policy, Duration cache, List<SignRule> sign) {

    public SignaturesConfig {
        sign = List.copyOf(sign);
    }

    /**
     * Sign what is pushed to these repositories with this key.
     *
     * @param repositories globs such as {@code prod/**}
     * @param key          a cosign key file (password from COSIGN_PASSWORD) or a PKCS#8 PEM private key
     * @param format       {@code bundle} (the default) or {@code cosign}
     */
    public record SignRule(List<String> repositories, Path key, String format) {
        public SignRule {
            repositories = List.copyOf(repositories);
        }
    }

    /** The section as written, checked. */
    static SignaturesConfig of(Path file, ServeConfig.FileConfig.Signatures written) throws ConfigException {
        String where = file + ": signatures";
        Duration cache = written.cache() == null ? Duration.ofMinutes(5)
                : ServeConfig.duration(written.cache(), where + ".cache");
        List<SignRule> rules = new ArrayList<>();
        for (ServeConfig.FileConfig.Sign rule : written.sign() == null ? List.<ServeConfig.FileConfig.Sign>of()
                : written.sign()) {
            String at = where + ".sign #" + (rules.size() + 1);
            if (rule.repositories() == null || rule.repositories().isEmpty() || rule.key() == null) {
                throw new ConfigException(at + ": needs repositories (globs such as prod/**) and key (a cosign or "
                        + "PKCS#8 private key file)");
            }
            String format = rule.format() == null ? "bundle" : rule.format();
            if (!List.of("bundle", "cosign").contains(format)) {
                throw new ConfigException(at + ": format is bundle or cosign, not '" + format + "'");
            }
            rules.add(new SignRule(rule.repositories(), file.toAbsolutePath().resolveSibling(rule.key()), format));
        }
        if (written.policy() == null && rules.isEmpty()) {
            throw new ConfigException(where + ": needs a policy to enforce on pulls, or sign rules, or both");
        }
        return new SignaturesConfig(Optional.ofNullable(written.name()), Optional.ofNullable(written.policy())
                .map(policy -> file.toAbsolutePath().resolveSibling(policy)), cache, rules);
    }
}
