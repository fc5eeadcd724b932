package dev.berth.cli.serve;

import dev.berth.registry.Registry;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.signature.PushSigning;
import dev.berth.registry.signature.SignatureEnforcement;
import dev.berth.trust.keys.PrivateKeys;
import dev.berth.trust.policy.Policy;
import dev.berth.trust.policy.PolicyParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's signature settings from the config's {@code signatures:} section: the policy read, keys opened. */
final class RegistrySignatures {

    private RegistrySignatures() {
    }

    /**
     * @param listen      the listen address, the registry's name in signatures unless the section names one
     * @param environment where a cosign key's password is ({@code COSIGN_PASSWORD})
     */
    static Registry.Signatures of(SignaturesConfig config, String listen, Map<String, String> environment)
            throws ConfigException {
        String name = config.name().orElse(listen);
        Optional<SignatureEnforcement.Settings> enforce = Optional.empty();
        if (config.policy().isPresent()) {
            Path file = config.policy().get();
            try {
                Policy policy = PolicyParser.parse(file.toString(), Files.readAllBytes(file));
                enforce = Optional.of(new SignatureEnforcement.Settings(policy, name, config.cache()));
            } catch (IOException e) {
                throw new ConfigException("signatures.policy " + file + " cannot be read: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        List<PushSigning.Rule> rules = new ArrayList<>();
        for (SignaturesConfig.SignRule rule : config.sign()) {
            PrivateKey key = key(rule.key(), environment);
            for (String glob : rule.repositories()) {
                try {
                    rules.add(new PushSigning.Rule(RepositoryPattern.of(glob), key, rule.format(), name));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("signatures.sign: " + e.getMessage());
                }
            }
        }
        return new Registry.Signatures(enforce, rules);
    }

    private static PrivateKey key(Path file, Map<String, String> environment) throws ConfigException {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            char[] password = environment.getOrDefault("COSIGN_PASSWORD", "").toCharArray();
            return PrivateKeys.read(file.toString(), pem, password);
        } catch (IOException e) {
            throw new ConfigException("signatures.sign key " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("signatures.sign key " + e.getMessage() + " (a cosign key's password comes "
                    + "from COSIGN_PASSWORD)");
        }
    }
}
