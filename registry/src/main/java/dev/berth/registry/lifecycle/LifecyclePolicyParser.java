package dev.berth.registry.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.lifecycle.LifecyclePolicy.CountType;
import dev.berth.registry.lifecycle.LifecyclePolicy.Rule;
import dev.berth.registry.lifecycle.LifecyclePolicy.Selection;
import dev.berth.registry.lifecycle.LifecyclePolicy.TagStatus;
import dev.berth.registry.tag.TagPattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads ECR lifecycle policy documents as {@code aws ecr put-lifecycle-policy} takes them, refusing what ECR refuses
 * with a message naming the rule and field: unknown fields, repeated priorities, an {@code any} rule that is not
 * last, more than one {@code untagged} rule, prefixes with untagged images, a count unit other than days or where
 * there is no age, counts below 1, more than four wildcards in a pattern, and actions other than {@code expire}.
 */
public final class LifecyclePolicyParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MOST_WILDCARDS = 4;

    /** Parses a policy document. */
    public LifecyclePolicy parse(byte[] document) throws InvalidPolicyException {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("the lifecycle policy is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPolicyException("the lifecycle policy cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
            throw new InvalidPolicyException("a lifecycle policy is an object with a non-empty \"rules\" array");
        }
        onlyKnown(root, "the policy", "rules");
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : root.path("rules")) {
            rules.add(rule(rule, "rule #" + (rules.size() + 1)));
        }
        checkTogether(rules);
        return new LifecyclePolicy(rules);
    }

    private static Rule rule(JsonNode rule, String where) throws InvalidPolicyException {
        onlyKnown(rule, where, "rulePriority", "description", "selection", "action");
        int priority = positive(rule.path("rulePriority"), where + ": rulePriority");
        where = "rule " + priority;
        JsonNode action = rule.path("action");
        onlyKnown(action, where + ": action", "type");
        if (!action.path("type").asText("").equals("expire")) {
            throw new InvalidPolicyException(where + ": action.type must be \"expire\"");
        }
        return new Rule(priority, rule.path("description").asText(""), selection(rule.path("selection"), where));
    }

    private static Selection selection(JsonNode selection, String where) throws InvalidPolicyException {
        onlyKnown(selection, where + ": selection", "tagStatus", "tagPrefixList", "tagPatternList", "countType",
                "countUnit", "countNumber");
        TagStatus status = named(TagStatus.values(), selection.path("tagStatus"), where + ": tagStatus",
                s -> s.json);
        CountType count = named(CountType.values(), selection.path("countType"), where + ": countType",
                c -> c.json);
        List<String> prefixes = strings(selection.path("tagPrefixList"), where + ": tagPrefixList");
        List<TagPattern> patterns = new ArrayList<>();
        for (String pattern : strings(selection.path("tagPatternList"), where + ": tagPatternList")) {
            if (pattern.chars().filter(c -> c == '*').count() > MOST_WILDCARDS) {
                throw new InvalidPolicyException(where + ": tag pattern '" + pattern + "' has more than "
                        + MOST_WILDCARDS + " wildcards");
            }
            try {
                patterns.add(TagPattern.of(pattern));
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(where + ": " + e.getMessage());
            }
        }
        if (status == TagStatus.TAGGED && prefixes.isEmpty() == patterns.isEmpty()) {
            throw new InvalidPolicyException(where + ": a rule for tagged images gives either tagPrefixList or "
                    + "tagPatternList");
        }
        if (status != TagStatus.TAGGED && !(prefixes.isEmpty() && patterns.isEmpty())) {
            throw new InvalidPolicyException(where + ": tagPrefixList and tagPatternList are for tagStatus "
                    + "\"tagged\" only");
        }
        boolean byAge = count != CountType.IMAGE_COUNT_MORE_THAN;
        JsonNode unit = selection.path("countUnit");
        if (byAge && !unit.asText("").equals("days")) {
            throw new InvalidPolicyException(where + ": countType " + count.json + " needs countUnit \"days\"");
        }
        if (!byAge && !unit.isMissingNode()) {
            throw new InvalidPolicyException(where + ": countUnit is only for sinceImagePushed and "
                    + "sinceImagePulled");
        }
        return new Selection(status, prefixes, patterns, count, positive(selection.path("countNumber"),
                where + ": countNumber"));
    }

    private static void checkTogether(List<Rule> rules) throws InvalidPolicyException {
        Set<Integer> priorities = new HashSet<>();
        Set<List<String>> prefixLists = new HashSet<>();
        int untagged = 0;
        int highest = rules.stream().mapToInt(Rule::priority).max().orElse(0);
        for (Rule rule : rules) {
            if (!priorities.add(rule.priority())) {
                throw new InvalidPolicyException("two rules have rulePriority " + rule.priority()
                        + "; each needs its own");
            }
            Selection selection = rule.selection();
            if (selection.tagStatus() == TagStatus.ANY && rule.priority() != highest) {
                throw new InvalidPolicyException("rule " + rule.priority() + " selects any image, so it must have "
                        + "the highest rulePriority (" + highest + " is higher)");
            }
            if (selection.tagStatus() == TagStatus.UNTAGGED && ++untagged > 1) {
                throw new InvalidPolicyException("only one rule may select untagged images");
            }
            if (!selection.prefixes().isEmpty() && !prefixLists.add(selection.prefixes().stream().sorted()
                    .toList())) {
                throw new InvalidPolicyException("rule " + rule.priority() + " repeats another rule's "
                        + "tagPrefixList " + selection.prefixes());
            }
        }
    }

    private static void onlyKnown(JsonNode node, String where, String... known) throws InvalidPolicyException {
        if (!node.isObject()) {
            throw new InvalidPolicyException(where + " must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Arrays.asList(known).contains(name)) {
                throw new InvalidPolicyException(where + ": unknown field \"" + name + "\" (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static int positive(JsonNode number, String where) throws InvalidPolicyException {
        if (!number.canConvertToInt() || !number.isIntegralNumber() || number.asInt() < 1) {
            throw new InvalidPolicyException(where + " must be a whole number from 1 up, not "
                    + (number.isMissingNode() ? "missing" : number.toString()));
        }
        return number.asInt();
    }

    private static List<String> strings(JsonNode list, String where) throws InvalidPolicyException {
        if (list.isMissingNode()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode value : list) {
                if (!value.isTextual() || value.asText().isEmpty()) {
                    throw new InvalidPolicyException(where + " holds " + value + ", not a non-empty string");
                }
                values.add(value.asText());
            }
        }
        if (!list.isArray() || values.isEmpty()) {
            throw new InvalidPolicyException(where + " must be a non-empty list of strings");
        }
        return values;
    }

    private static <T> T named(T[] values, JsonNode name, String where, java.util.function.Function<T, String> json)
            throws InvalidPolicyException {
        for (T value : values) {
            if (json.apply(value).equals(name.asText(null))) {
                return value;
            }
        }
        List<String> known = Arrays.stream(values).map(json).toList();
        throw new InvalidPolicyException(where + " must be one of " + known + ", not "
                + (name.isMissingNode() ? "missing" : name.toString()));
    }
}
