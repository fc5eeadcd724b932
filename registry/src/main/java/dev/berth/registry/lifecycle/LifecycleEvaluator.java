package dev.berth.registry.lifecycle;

import dev.berth.oci.reference.Tag;
import dev.berth.registry.lifecycle.LifecyclePolicy.Rule;
import dev.berth.registry.lifecycle.LifecyclePolicy.Selection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what a lifecycle policy expires, by ECR's evaluation rules: rules apply in priority order; each selects the
 * images its tag requirements match and marks some of them by count (keeping the newest by push time) or age; an
 * image is expired by one rule at most, and an image that a rule's tag requirements matched can be expired by no rule
 * of lower priority, though it still counts among the newest for them.
 */
public final class LifecycleEvaluator {

    /** An image the policy expires, the rule that does, and why. */
    public record Expiry(LifecycleImage image, Rule rule, String reason) {
    }

    public List<Expiry> evaluate(LifecyclePolicy policy, List<LifecycleImage> images, Instant now) {
        List<Expiry> expired = new ArrayList<>();
        Set<LifecycleImage> seen = new HashSet<>();
        for (Rule rule : policy.rules()) {
            List<LifecycleImage> selected = images.stream().filter(image -> selects(rule.selection(), image))
                    .sorted(Comparator.comparing(LifecycleImage::pushedAt).reversed()
                            .thenComparing(image -> image.digest().toString()))
                    .toList();
            for (int i = 0; i < selected.size(); i++) {
                LifecycleImage image = selected.get(i);
                String reason = marked(rule.selection(), image, i, selected.size(), now);
                if (reason != null && !seen.contains(image)) {
                    expired.add(new Expiry(image, rule, "rule " + rule.priority() + (rule.description().isEmpty()
                            ? "" : " (" + rule.description() + ")") + ": " + reason));
                }
            }
            seen.addAll(selected);
        }
        return expired;
    }

    /** Whether the rule's tag requirements match the image. */
    static boolean selects(Selection selection, LifecycleImage image) {
        List<String> tags = image.tags().stream().map(Tag::value).toList();
        return switch (selection.tagStatus()) {
            case ANY -> true;
            case UNTAGGED -> tags.isEmpty();
            case TAGGED -> !tags.isEmpty()
                    && selection.prefixes().stream().allMatch(prefix -> tags.stream()
                            .anyMatch(tag -> tag.startsWith(prefix)))
                    && selection.patterns().stream().allMatch(pattern -> tags.stream().anyMatch(pattern::matches));
        };
    }

    /** Why the selection expires the image, the {@code rank}th newest of {@code selected}; null if it does not. */
    private static String marked(Selection selection, LifecycleImage image, int rank, int selected, Instant now) {
        Duration limit = Duration.ofDays(selection.countNumber());
        return switch (selection.countType()) {
            case IMAGE_COUNT_MORE_THAN -> rank >= selection.countNumber() ? "number " + (rank + 1) + " by push time "
                    + "of " + selected + " images selected, which keeps " + selection.countNumber() : null;
            case SINCE_IMAGE_PUSHED -> image.pushedAt().isBefore(now.minus(limit)) ? "pushed "
                    + Duration.between(image.pushedAt(), now).toDays() + " days ago, more than "
                    + selection.countNumber() : null;
            case SINCE_IMAGE_PULLED -> {
                Instant used = image.lastPulled().orElse(image.pushedAt());
                yield used.isBefore(now.minus(limit)) ? (image.lastPulled().isPresent() ? "last pulled "
                        : "never pulled, pushed ") + Duration.between(used, now).toDays() + " days ago, more than "
                        + selection.countNumber() : null;
            }
        };
    }
}
