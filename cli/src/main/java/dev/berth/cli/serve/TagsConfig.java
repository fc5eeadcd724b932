package dev.berth.cli.serve;

import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.tag.ImmutableTags;
import dev.berth.registry.tag.TagPattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The config file's {@code tags:} section: which tags are immutable. */
final class TagsConfig {

    private TagsConfig() {
    }

    /** The section as written: {@code immutable:} rules. */
    record Written(List<Immutable> immutable) {
    }

    /** One rule: the repositories whose tags are immutable, but for the tags {@code except} names. */
    record Immutable(List<String> repositories, List<String> except) {
    }

    static ImmutableTags of(Path file, Written written) throws ConfigException {
        if (written == null || written.immutable() == null) {
            return ImmutableTags.none();
        }
        List<ImmutableTags.Rule> rules = new ArrayList<>();
        for (Immutable rule : written.immutable()) {
            String where = file + ": tags.immutable #" + (rules.size() + 1);
            if (rule.repositories() == null || rule.repositories().isEmpty()) {
                throw new ConfigException(where + " names no repositories: give repositories: [\"prod/**\"] or "
                        + "[\"**\"] for all");
            }
            List<TagPattern> except = new ArrayList<>();
            try {
                for (String pattern : rule.except() == null ? List.<String>of() : rule.except()) {
                    except.add(TagPattern.of(pattern));
                }
                for (String repositories : rule.repositories()) {
                    rules.add(new ImmutableTags.Rule(RepositoryPattern.of(repositories), except));
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        return new ImmutableTags(rules);
    }
}
