package dev.berth.registry.tag;

import dev.berth.oci.reference.RepositoryName;
import dev.berth.oci.reference.Tag;
import dev.berth.registry.auth.RepositoryPattern;
import dev.berth.registry.signature.SignatureTags;
import java.util.List;

/**
 * Which tags may not move once pushed, per repository pattern, as ECR's {@code IMMUTABLE} and
 * {@code IMMUTABLE_WITH_EXCLUSION}: pushing such a tag again to another manifest is refused (the same manifest again is
 * fine), and only administrators of the repository may delete it. Signature tags ({@code sha256-<hex>.sig} and kin)
 * never are: signing again appends to them, which ECR's immutability breaks for cosign.
 */
public record ImmutableTags(List<Rule> rules) {

    /**
     * Tags of the repositories the pattern covers are immutable, but for those an exception covers (ECR's exclusion
     * filters, such as {@code latest}).
     */
    public record Rule(RepositoryPattern repositories, List<TagPattern> except) {
        public Rule {
            except = List.copyOf(except);
        }
    }

    public ImmutableTags {
        rules = List.copyOf(rules);
    }

    /** No tag is immutable: Distribution's and Docker Hub's behaviour. */
    public static ImmutableTags none() {
        return new ImmutableTags(List.of());
    }

    public boolean isImmutable(RepositoryName repository, Tag tag) {
        if (SignatureTags.isSignatureTag(tag.value())) {
            return false;
        }
        return rules.stream().anyMatch(rule -> rule.repositories().matches(repository)
                && rule.except().stream().noneMatch(pattern -> pattern.matches(tag.value())));
    }
}
