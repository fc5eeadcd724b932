package dev.berth.registry.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The examples of ECR's lifecycle policy documentation, with the outcomes it gives, and the pull-time rule. */
class LifecycleEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final LifecyclePolicyParser parser = new LifecyclePolicyParser();
    private final LifecycleEvaluator evaluator = new LifecycleEvaluator();

    private static LifecycleImage image(String name, int daysAgo, String... tags) {
        return new LifecycleImage(Digest.sha256(name.getBytes(StandardCharsets.UTF_8)),
                Arrays.stream(tags).map(Tag::of).toList(), NOW.minus(Duration.ofDays(daysAgo)), Optional.empty());
    }

    private Set<String> expired(String policy, List<LifecycleImage> images) throws Exception {
        Set<Digest> digests = evaluator.evaluate(parser.parse(policy.getBytes(StandardCharsets.UTF_8)), images, NOW)
                .stream().map(expiry -> expiry.image().digest()).collect(Collectors.toSet());
        return images.stream().filter(image -> digests.contains(image.digest()))
                .map(image -> "ABCDEF".charAt(images.indexOf(image)) + "").collect(Collectors.toSet());
    }

    private static String rule(int priority, String selection) {
        return "{\"rulePriority\":" + priority + ",\"selection\":{" + selection + "},\"action\":{\"type\":\"expire\"}}";
    }

    private static String policy(String... rules) {
        return "{\"rules\":[" + String.join(",", rules) + "]}";
    }

    private static final List<LifecycleImage> BETA_PROD = List.of(image("A", 10, "beta-1", "prod-1"),
            image("B", 9, "beta-2", "prod-2"), image("C", 8, "beta-3"));

    @Test
    void multipleRules_exampleA_anImageAnEarlierRuleMatched_isNotExpiredByALaterOne() throws Exception {
        assertEquals(Set.of("A"), expired(policy(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"imageCountMoreThan\","
                        + "\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"beta\"],\"countType\":\"imageCountMoreThan\","
                        + "\"countNumber\":1")), BETA_PROD));
    }

    @Test
    void multipleRules_exampleB_thePriorityDecides() throws Exception {
        assertEquals(Set.of("A", "B"), expired(policy(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"beta\"],\"countType\":\"imageCountMoreThan\","
                        + "\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"imageCountMoreThan\","
                        + "\"countNumber\":1")), BETA_PROD));
    }

    @Test
    void severalPrefixes_selectImagesWithAllOfThem_exampleA() throws Exception {
        List<LifecycleImage> images = List.of(image("A", 12, "alpha-1"), image("B", 11, "beta-1"),
                image("C", 10, "alpha-2", "beta-2"), image("D", 4, "alpha-3"), image("E", 3, "beta-3"),
                image("F", 2, "alpha-4", "beta-4"));
        assertEquals(Set.of("C"), expired(policy(rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"alpha\","
                + "\"beta\"],\"countType\":\"sinceImagePushed\",\"countNumber\":5,\"countUnit\":\"days\"")), images));
    }

    @Test
    void severalPrefixes_exampleB_tagsAreNotExclusive() throws Exception {
        List<LifecycleImage> images = List.of(image("A", 10, "alpha-1", "beta-1", "gamma-1"),
                image("B", 9, "alpha-2", "beta-2"), image("C", 8, "alpha-3", "beta-3", "gamma-2"));
        assertEquals(Set.of("A", "B"), expired(policy(rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":"
                + "[\"alpha\",\"beta\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1")), images));
    }

    @Test
    void allImages_exampleA_keepsTheNewest() throws Exception {
        List<LifecycleImage> images = List.of(image("A", 4, "alpha-1"), image("B", 3, "beta-1"), image("C", 2),
                image("D", 1, "alpha-2"));
        assertEquals(Set.of("A", "B", "C"), expired(policy(rule(1, "\"tagStatus\":\"any\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1")), images));
    }

    @Test
    void allImages_exampleB_combinesEveryKindOfRule() throws Exception {
        List<LifecycleImage> images = List.of(image("A", 4, "alpha-1", "beta-1"), image("B", 3), image("C", 2,
                "alpha-2"), image("D", 1, "git-hash"), new LifecycleImage(Digest.sha256("E".getBytes(
                StandardCharsets.UTF_8)), List.of(), NOW.minus(Duration.ofDays(1)).plusSeconds(60), Optional.empty()));
        assertEquals(Set.of("A", "B", "D"), expired(policy(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"alpha\"],\"countType\":\"imageCountMoreThan\","
                        + "\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\","
                        + "\"countNumber\":1"),
                rule(3, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1")), images));
    }

    @Test
    void tagPatterns_matchWithWildcards() throws Exception {
        List<LifecycleImage> images = List.of(image("A", 3, "v1-rc1"), image("B", 2, "v1-rc2"), image("C", 1, "v1"));
        assertEquals(Set.of("A"), expired(policy(rule(1, "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*-rc*\"],"
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1")), images));
    }

    @Test
    void sinceImagePulled_countsFromTheLastPull_orThePushWhenNeverPulled() throws Exception {
        Digest pulled = Digest.sha256("pulled".getBytes(StandardCharsets.UTF_8));
        List<LifecycleImage> images = List.of(
                new LifecycleImage(pulled, List.of(Tag.of("old-but-used")), NOW.minus(Duration.ofDays(90)),
                        Optional.of(NOW.minus(Duration.ofDays(2)))),
                image("B", 40, "old-and-unused"), image("C", 5, "new"));
        assertEquals(Set.of("B"), expired(policy(rule(1, "\"tagStatus\":\"any\",\"countType\":\"sinceImagePulled\","
                + "\"countUnit\":\"days\",\"countNumber\":30")), images));
    }
}
