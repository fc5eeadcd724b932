package dev.berth.registry.lifecycle;

import dev.berth.registry.tag.TagPattern;
import java.util.Comparator;
import java.util.List;

/**
 * A lifecycle policy in ECR's format: rules, applied in priority order (lowest first), each selecting images by tag
 * status (and tag prefixes or wildcard patterns) and by count or age, and expiring them. Parsed and checked by
 * {@link LifecyclePolicyParser}.
 */
public record LifecyclePolicy(List<Rule> rules) {

    public LifecyclePolicy {
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
    }

    /** One rule; {@code description} may be empty. */
    public record Rule(int priority, String description, Selection selection) {
    }

    /**
     * Which images a rule expires.
     *
     * @param prefixes    tags that begin so: an image matches when every prefix begins one of its tags
     * @param patterns    ECR's {@code tagPatternList}: an image matches when every pattern matches one of its tags
     * @param countNumber how many images to keep, or after how many days to expire
     */
    public record Selection(TagStatus tagStatus, List<String> prefixes, List<TagPattern> patterns,
                            CountType countType, int countNumber) {
        public Selection {
            prefixes = List.copyOf(prefixes);
            patterns = List.copyOf(patterns);
        }
    }

    /** ECR's {@code tagStatus}. */
    public enum TagStatus {
        TAGGED("tagged"), UNTAGGED("untagged"), ANY("any");

        final String json;

        TagStatus(String json) {
            this.json = json;
        }
    }

    /** ECR's {@code countType}; the last two count days (ECR's only {@code countUnit}). */
    public enum CountType {
        IMAGE_COUNT_MORE_THAN("imageCountMoreThan"), SINCE_IMAGE_PUSHED("sinceImagePushed"),
        SINCE_IMAGE_PULLED("sinceImagePulled");

        final String json;

        CountType(String json) {
            this.json = json;
        }
    }
}
