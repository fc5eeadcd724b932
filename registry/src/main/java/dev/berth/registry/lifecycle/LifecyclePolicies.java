package dev.berth.registry.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cache.settings.SettingsStore;
import dev.berth.oci.reference.RepositoryName;
import dev.berth.registry.auth.RepositoryPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Which lifecycle policy applies to which repositories: those set through the API, kept in the storage's settings so
 * that every node applies the same, then those of the config file. A repository gets the first whose pattern covers
 * it, in that order (the API's sorted by pattern).
 */
public final class LifecyclePolicies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOLDER = "lifecycle/";

    /** Where a policy was set. */
    public enum Source { API, CONFIG }

    /** A policy for the repositories a pattern covers, with the document as it was given. */
    public record Assigned(RepositoryPattern repositories, LifecyclePolicy policy, JsonNode document, Source source) {
    }

    private final List<Assigned> configured;
    private final SettingsStore settings;
    private final LifecyclePolicyParser parser = new LifecyclePolicyParser();

    public LifecyclePolicies(List<Assigned> configured, SettingsStore settings) {
        this.configured = List.copyOf(configured);
        this.settings = settings;
    }

    /** Every policy, in the order repositories are matched against them. */
    public List<Assigned> all() throws IOException {
        List<Assigned> all = new ArrayList<>();
        for (String name : settings.list(FOLDER)) {
            Optional<byte[]> stored = settings.read(name);
            if (stored.isPresent()) {
                all.add(stored(name, stored.get()));
            }
        }
        all.addAll(configured);
        return all;
    }

    /** The policy that applies to the repository, if any. */
    public Optional<Assigned> forRepository(RepositoryName repository) throws IOException {
        return forRepository(repository, all());
    }

    static Optional<Assigned> forRepository(RepositoryName repository, List<Assigned> all) {
        return all.stream().filter(assigned -> assigned.repositories().matches(repository)).findFirst();
    }

    /** Sets the policy of the repositories the pattern covers, replacing one set before for the same pattern. */
    public Assigned put(RepositoryPattern repositories, byte[] document) throws InvalidPolicyException, IOException {
        LifecyclePolicy policy = parser.parse(document);
        JsonNode json = JSON.readTree(document);
        ObjectNode stored = JSON.createObjectNode();
        stored.put("repositories", repositories.glob());
        stored.set("policy", json);
        settings.write(name(repositories), JSON.writeValueAsBytes(stored));
        return new Assigned(repositories, policy, json, Source.API);
    }

    /** Removes the policy set through the API for the pattern; true if there was one. */
    public boolean remove(RepositoryPattern repositories) throws IOException {
        return settings.delete(name(repositories));
    }

    /** A policy read back from the settings; one that no longer parses is a broken store, said with its name. */
    private Assigned stored(String name, byte[] content) throws IOException {
        JsonNode stored = JSON.readTree(content);
        try {
            RepositoryPattern repositories = RepositoryPattern.of(stored.path("repositories").asText());
            JsonNode document = stored.path("policy");
            return new Assigned(repositories, parser.parse(JSON.writeValueAsBytes(document)), document, Source.API);
        } catch (InvalidPolicyException | IllegalArgumentException e) {
            throw new IOException("the stored lifecycle policy " + name + " is broken (" + e.getMessage()
                    + "): set it again, or delete it, through the API");
        }
    }

    /** The settings document of a pattern: its text in hex, since patterns hold {@code *} and {@code /}. */
    private static String name(RepositoryPattern repositories) {
        return FOLDER + HexFormat.of().formatHex(repositories.glob().getBytes(StandardCharsets.UTF_8)) + ".json";
    }
}
